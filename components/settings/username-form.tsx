"use client";

import { useActionState } from "react";
import { changeUsernameAction } from "@/app/(app)/settings/actions";
import { Field } from "@/components/ui/field";
import { initialActionState } from "@/lib/action-result";
import { buttonClass, FormStatus } from "./form-status";

export function UsernameForm({ username }: { username: string }) {
  const [state, action, pending] = useActionState(changeUsernameAction, initialActionState);
  const failed = state.ok ? null : state;
  return (
    <form action={action} className="flex max-w-md flex-col gap-2" noValidate>
      <Field
        label="Username"
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        defaultValue={failed?.values?.username ?? username}
        errors={failed?.fieldErrors?.username}
        hint="3-32 characters: letters, digits, _ and . Links to your old profile address stop working."
      />
      <button type="submit" disabled={pending} className={buttonClass}>
        Change username
      </button>
      <FormStatus state={state} />
    </form>
  );
}
