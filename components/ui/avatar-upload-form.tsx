"use client";

import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { ACCEPTED_AVATAR_TYPES } from "@/lib/avatar/limits";
import { uploadAvatarFile } from "@/lib/client/avatar-upload";
import { initialActionState, type ActionResult } from "@/lib/action-result";

type AvatarUploadFormProps = {
  /** The route that takes the file: a person's own picture or a group's. */
  endpoint: string;
  label: string;
  hint: string;
  submitLabel: string;
  /** The current picture, shown beside the form. */
  preview?: React.ReactNode;
};

/** Uploading a picture, for a person or a group; the page is refreshed so that it shows everywhere. */
export function AvatarUploadForm({ endpoint, label, hint, submitLabel, preview }: AvatarUploadFormProps) {
  const router = useRouter();
  const [state, upload, uploading] = useActionState(async (_previous: ActionResult, formData: FormData) => {
    const result = await uploadAvatarFile(formData, endpoint);
    if (result.ok) router.refresh();
    return result;
  }, initialActionState);
  const failed = state.ok ? null : state;
  return (
    <form action={upload} className="flex max-w-md items-start gap-4" noValidate>
      {preview}
      <div className="flex flex-1 flex-col gap-2">
        <Field label={label} name="avatar" type="file" accept={ACCEPTED_AVATAR_TYPES} hint={hint} errors={failed?.fieldErrors?.avatar} />
        <Button disabled={uploading} className="self-start">
          {uploading ? "Uploading…" : submitLabel}
        </Button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
