"use client";

import { useActionState } from "react";
import { initialActionState, type ActionResult } from "@/lib/action-result";

type ActionFormProps = {
  action: (previous: ActionResult, formData: FormData) => Promise<ActionResult>;
  hidden?: Record<string, string>;
  children: React.ReactNode;
  className?: string;
};

/** A form bound to a server action, with its result announced beside it. */
export function ActionForm({ action, hidden = {}, children, className }: ActionFormProps) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className={className} aria-busy={pending}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-zinc-500" : "text-red-600 dark:text-red-400"}`}>
        {state.ok ? (state.message ?? "") : state.message}
      </p>
    </form>
  );
}
