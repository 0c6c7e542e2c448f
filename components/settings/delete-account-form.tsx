"use client";

import { deleteAccountAction } from "@/app/(app)/settings/actions";
import { Field } from "@/components/ui/field";
import { SettingsForm } from "./settings-form";

export function DeleteAccountForm() {
  return (
    <SettingsForm
      action={deleteAccountAction}
      submit="Delete my account"
      tone="danger"
      // The password proves who asks; this asks whether they mean it. Nothing brings an account back.
      confirm="Delete your account for good? Your messages stay, under “Deleted user”. This cannot be undone."
    >
      {({ errors }) => <Field label="Password to confirm deletion" name="password" type="password" autoComplete="current-password" errors={errors.password} />}
    </SettingsForm>
  );
}
