"use client";

import { useActionState } from "react";
import { updateProfileAction } from "@/app/(app)/settings/actions";
import { Field, TextAreaField } from "@/components/ui/field";
import { initialActionState } from "@/lib/action-result";
import { MAX_BIO_LENGTH, MAX_NAME_LENGTH } from "@/lib/profile-rules";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";

type Profile = { firstName: string; lastName: string; bio: string };

export function ProfileForm({ profile }: { profile: Profile }) {
  const [state, action, pending] = useActionState(updateProfileAction, initialActionState);
  const failed = state.ok ? null : state;
  const value = (name: keyof Profile) => failed?.values?.[name] ?? profile[name];
  return (
    <form action={action} className="flex max-w-md flex-col gap-2" noValidate>
      <Field
        label="First name"
        name="firstName"
        autoComplete="given-name"
        maxLength={MAX_NAME_LENGTH}
        defaultValue={value("firstName")}
        errors={failed?.fieldErrors?.firstName}
      />
      <Field
        label="Last name"
        name="lastName"
        autoComplete="family-name"
        maxLength={MAX_NAME_LENGTH}
        defaultValue={value("lastName")}
        errors={failed?.fieldErrors?.lastName}
      />
      <TextAreaField label="Bio" name="bio" defaultValue={value("bio")} errors={failed?.fieldErrors?.bio} hint={`Up to ${MAX_BIO_LENGTH} characters.`} />
      <Button disabled={pending} className="self-start">
        Save profile
      </Button>
      <FormStatus state={state} />
    </form>
  );
}
