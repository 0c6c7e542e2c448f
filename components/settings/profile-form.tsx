"use client";

import { updateProfileAction } from "@/app/(app)/settings/actions";
import { Field, TextAreaField } from "@/components/ui/field";
import { MAX_BIO_LENGTH, MAX_NAME_LENGTH } from "@/lib/profile-rules";
import { SettingsForm } from "./settings-form";

type Profile = { firstName: string; lastName: string; bio: string };

export function ProfileForm({ profile }: { profile: Profile }) {
  return (
    <SettingsForm action={updateProfileAction} submit="Save profile">
      {({ errors, values }) => {
        // Each field shows what was sent when the form was refused, else what is stored.
        const field = (name: keyof Profile) => ({ name, defaultValue: values[name] ?? profile[name], errors: errors[name] });
        return (
          <>
            <Field label="First name" autoComplete="given-name" maxLength={MAX_NAME_LENGTH} {...field("firstName")} />
            <Field label="Last name" autoComplete="family-name" maxLength={MAX_NAME_LENGTH} {...field("lastName")} />
            <TextAreaField label="Bio" {...field("bio")} hint={`Up to ${MAX_BIO_LENGTH} characters.`} />
          </>
        );
      }}
    </SettingsForm>
  );
}
