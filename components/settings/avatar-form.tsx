"use client";

import Image from "next/image";
import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { choosePresetAvatarAction, removeAvatarAction } from "@/app/(app)/settings/actions";
import { Avatar } from "@/components/ui/avatar";
import { Field } from "@/components/ui/field";
import { ACCEPTED_AVATAR_TYPES } from "@/lib/avatar/limits";
import { uploadAvatarFile } from "@/lib/client/avatar-upload";
import { PRESET_IDS, presetDataUrl, presetLabel } from "@/lib/avatar/presets";
import { initialFormState, type FormState } from "@/lib/form-state";
import { buttonClass, FormStatus } from "./form-status";

export function AvatarForm({ username, avatarId }: { username: string; avatarId: string | null }) {
  const router = useRouter();
  const [uploadState, upload, uploading] = useActionState(async (_previous: FormState, formData: FormData) => {
    const result = await uploadAvatarFile(formData, "/api/account/avatar");
    if (result.ok) router.refresh();
    return result;
  }, initialFormState);
  const [presetState, choosePreset, choosing] = useActionState(choosePresetAvatarAction, initialFormState);
  const [removeState, remove, removing] = useActionState(removeAvatarAction, initialFormState);
  const failedUpload = uploadState.ok ? null : uploadState;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex items-center gap-4">
        <Avatar name={username} avatarId={avatarId} size={96} />
        {avatarId && (
          <form action={remove} className="flex flex-col gap-1">
            <button
              type="submit"
              disabled={removing}
              className="rounded-lg border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-900"
            >
              Remove picture
            </button>
            <FormStatus state={removeState} />
          </form>
        )}
      </div>

      <form action={upload} className="flex max-w-md flex-col gap-2" noValidate>
        <Field
          label="Upload a picture"
          name="avatar"
          type="file"
          accept={ACCEPTED_AVATAR_TYPES}
          hint="JPEG, PNG, WebP or GIF, up to 5 MB. It is cropped to a square."
          errors={failedUpload?.fieldErrors?.avatar}
        />
        <button type="submit" disabled={uploading} className={buttonClass}>
          {uploading ? "Uploading…" : "Upload picture"}
        </button>
        <FormStatus state={uploadState} />
      </form>

      <form action={choosePreset} className="flex flex-col gap-2">
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-2 text-sm font-medium">Or pick one of these</legend>
          <div className="flex flex-wrap gap-3">
            {PRESET_IDS.map((id) => (
              <label key={id} className="flex cursor-pointer flex-col items-center gap-1 text-xs has-[:checked]:font-semibold">
                <input type="radio" name="preset" value={id} className="peer sr-only" required />
                <Image
                  src={presetDataUrl(id)}
                  alt=""
                  width={56}
                  height={56}
                  unoptimized
                  className="rounded-full ring-offset-2 peer-checked:ring-2 peer-checked:ring-indigo-600 peer-focus-visible:ring-2 peer-focus-visible:ring-indigo-400"
                />
                {presetLabel(id)}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" disabled={choosing} className={buttonClass}>
          Use this picture
        </button>
        <FormStatus state={presetState} />
      </form>
    </div>
  );
}
