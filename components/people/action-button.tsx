"use client";

import { useActionState } from "react";
import { Button, type ButtonLook } from "@/components/ui/button";
import { initialActionState, type ActionResult } from "@/lib/action-result";

type ActionButtonProps = {
  action: (previous: ActionResult, formData: FormData) => Promise<ActionResult>;
  userId: string;
  label: string;
  /** Spoken name when the visible label alone is ambiguous in a list ("Accept ana"). */
  accessibleName?: string;
  tone?: ButtonLook["tone"];
};

/** One button acting on one person (message, add, block…), with its refusal announced beside it. */
export function ActionButton({ action, userId, label, accessibleName, tone = "secondary" }: ActionButtonProps) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col items-center">
      <input type="hidden" name="userId" value={userId} />
      <Button tone={tone} size="sm" disabled={pending} aria-label={accessibleName}>
        {label}
      </Button>
      <p role="alert" className="max-w-60 text-center text-xs text-red-600 dark:text-red-400">
        {state.ok ? "" : state.message}
      </p>
    </form>
  );
}
