"use client";

import { useActionState } from "react";
import { deleteAccountAction } from "@/app/(app)/settings/actions";
import { Field } from "@/components/ui/field";
import { initialActionState } from "@/lib/action-result";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";

export function DeleteAccountForm() {
  const [state, action, pending] = useActionState(deleteAccountAction, initialActionState);
  const failed = state.ok ? null : state;
  return (
    <form
      action={action}
      // The password proves who asks; this asks whether they mean it. Nothing brings an account back.
      onSubmit={(e) => {
        if (!window.confirm("Delete your account for good? Your messages stay, under “Deleted user”. This cannot be undone.")) e.preventDefault();
      }}
      className="flex max-w-md flex-col gap-2"
      noValidate
    >
      <Field label="Password to confirm deletion" name="password" type="password" autoComplete="current-password" errors={failed?.fieldErrors?.password} />
      <Button tone="danger" disabled={pending} className="self-start">
        Delete my account
      </Button>
      <FormStatus state={state} />
    </form>
  );
}
