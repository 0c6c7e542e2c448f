"use client";

import { useActionState } from "react";
import { Button, type ButtonLook } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";
import { initialActionState, type ActionResult } from "@/lib/action-result";

type SettingsFormProps = {
  action: (previous: ActionResult, formData: FormData) => Promise<ActionResult>;
  /** What the form shows before it is sent (a notice after a redirect back here). */
  initial?: ActionResult;
  submit: string;
  tone?: ButtonLook["tone"];
  /** A question to answer before the form is sent; declined, nothing is sent. */
  confirm?: string;
  /** The fields, given a refusal's errors by field and the values it sends back to show (none before one). */
  children: (refused: { errors: Record<string, string[] | undefined>; values: Record<string, string | undefined> }) => React.ReactNode;
};

/** The frame of every settings form: its fields, one submit button, and the form's announced status. */
export function SettingsForm({ action, initial = initialActionState, submit, tone, confirm, children }: SettingsFormProps) {
  const [state, formAction, pending] = useActionState(action, initial);
  return (
    <form
      action={formAction}
      onSubmit={(e) => {
        if (confirm !== undefined && !window.confirm(confirm)) e.preventDefault();
      }}
      className="flex max-w-md flex-col gap-2"
      noValidate
    >
      {children({ errors: (!state.ok && state.fieldErrors) || {}, values: (!state.ok && state.values) || {} })}
      <Button tone={tone} disabled={pending} className="self-start">
        {submit}
      </Button>
      <FormStatus state={state} />
    </form>
  );
}
