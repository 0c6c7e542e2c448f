"use client";

import { changeUsernameAction } from "@/app/(app)/settings/actions";
import { UsernameField } from "@/components/ui/field";
import { SettingsForm } from "./settings-form";

export function UsernameForm({ username }: { username: string }) {
  return (
    <SettingsForm action={changeUsernameAction} submit="Change username">
      {({ errors, values }) => (
        <UsernameField
          defaultValue={values.username ?? username}
          errors={errors.username}
          hint="3-32 characters: letters, digits, _ and . Links to your old profile address stop working."
        />
      )}
    </SettingsForm>
  );
}
