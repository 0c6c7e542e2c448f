"use client";

import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { FormStatus, buttonClass } from "@/components/settings/form-status";
import { Avatar } from "@/components/ui/avatar";
import { Field } from "@/components/ui/field";
import { ACCEPTED_AVATAR_TYPES } from "@/lib/avatar/limits";
import { uploadAvatarFile } from "@/lib/client/avatar-upload";
import { initialFormState, type FormState } from "@/lib/form-state";

/** The group's picture, and (for admins) a way to upload a new one. */
export function GroupAvatarForm({ conversationId, name, avatarId }: { conversationId: string; name: string; avatarId: string | null }) {
  const router = useRouter();
  const [state, upload, uploading] = useActionState(async (_previous: FormState, formData: FormData) => {
    const result = await uploadAvatarFile(formData, `/api/conversations/${conversationId}/avatar`);
    if (result.ok) router.refresh();
    return result;
  }, initialFormState);
  const failed = state.ok ? null : state;
  return (
    <form action={upload} className="flex max-w-md items-start gap-4" noValidate>
      <Avatar name={name} avatarId={avatarId} size={72} />
      <div className="flex flex-1 flex-col gap-2">
        <Field
          label="Group picture"
          name="avatar"
          type="file"
          accept={ACCEPTED_AVATAR_TYPES}
          hint="JPEG, PNG, WebP or GIF, up to 5 MB."
          errors={failed?.fieldErrors?.avatar}
        />
        <button type="submit" disabled={uploading} className={buttonClass}>
          {uploading ? "Uploading…" : "Upload group picture"}
        </button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
