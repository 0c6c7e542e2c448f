"use client";

import { useActionState } from "react";
import { changeUsernameAction } from "@/app/(app)/settings/actions";
import { UsernameField } from "@/components/ui/field";
import { initialActionState } from "@/lib/action-result";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";

export function UsernameForm({ username }: { username: string }) {
  const [state, action, pending] = useActionState(changeUsernameAction, initialActionState);
  const failed = state.ok ? null : state;
  return (
    <form action={action} className="flex max-w-md flex-col gap-2" noValidate>
      <UsernameField
        defaultValue={failed?.values?.username ?? username}
        errors={failed?.fieldErrors?.username}
        hint="3-32 characters: letters, digits, _ and . Links to your old profile address stop working."
      />
      <Button disabled={pending} className="self-start">
        Change username
      </Button>
      <FormStatus state={state} />
    </form>
  );
}
