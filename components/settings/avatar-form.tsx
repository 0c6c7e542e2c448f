"use client";

import Image from "next/image";
import { useActionState } from "react";
import { choosePresetAvatarAction, removeAvatarAction } from "@/app/(app)/settings/actions";
import { Avatar } from "@/components/ui/avatar";
import { AvatarUploadForm } from "@/components/ui/avatar-upload-form";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";
import { PRESET_IDS, presetDataUrl, presetLabel } from "@/lib/avatar/presets";
import { initialActionState } from "@/lib/action-result";

/** One's own picture: an upload, one of the presets, or none (the generated default). */
export function AvatarForm({ username, avatarId }: { username: string; avatarId: string | null }) {
  const [presetState, choosePreset, choosing] = useActionState(choosePresetAvatarAction, initialActionState);
  const [removeState, remove, removing] = useActionState(removeAvatarAction, initialActionState);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex items-center gap-4">
        <Avatar name={username} avatarId={avatarId} size={96} />
        {avatarId && (
          <form action={remove} className="flex flex-col gap-1">
            <Button tone="secondary" size="sm" disabled={removing}>
              Remove picture
            </Button>
            <FormStatus state={removeState} />
          </form>
        )}
      </div>

      <AvatarUploadForm
        endpoint="/api/account/avatar"
        label="Upload a picture"
        hint="JPEG, PNG, WebP or GIF, up to 5 MB. It is cropped to a square."
        submitLabel="Upload picture"
      />

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
        <Button disabled={choosing} className="self-start">
          Use this picture
        </Button>
        <FormStatus state={presetState} />
      </form>
    </div>
  );
}
