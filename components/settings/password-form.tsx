"use client";

import { useActionState } from "react";
import { changePasswordAction } from "@/app/(app)/settings/actions";
import { Field } from "@/components/ui/field";
import { initialActionState, type ActionResult } from "@/lib/action-result";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";

/** `notice` confirms a change that just happened (the action redirects back here on success). */
export function PasswordForm({ notice }: { notice?: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(changePasswordAction, notice ? { ok: true, message: notice } : initialActionState);
  const failed = state.ok ? null : state;
  return (
    <form action={action} className="flex max-w-md flex-col gap-2" noValidate>
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" errors={failed?.fieldErrors?.currentPassword} />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        errors={failed?.fieldErrors?.newPassword}
        hint="At least 8 characters."
      />
      <Button disabled={pending} className="self-start">
        Change password
      </Button>
      <FormStatus state={state} />
    </form>
  );
}
