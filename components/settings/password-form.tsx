"use client";

import { changePasswordAction } from "@/app/(app)/settings/actions";
import { Field } from "@/components/ui/field";
import { SettingsForm } from "./settings-form";

/** `notice` confirms a change that just happened (the action redirects back here on success). */
export function PasswordForm({ notice }: { notice?: string }) {
  return (
    <SettingsForm action={changePasswordAction} initial={notice ? { ok: true, message: notice } : undefined} submit="Change password">
      {({ errors }) => (
        <>
          <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" errors={errors.currentPassword} />
          <Field
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            errors={errors.newPassword}
            hint="At least 8 characters."
          />
        </>
      )}
    </SettingsForm>
  );
}
