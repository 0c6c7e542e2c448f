"use client";

import { useActionState } from "react";
import { initialFormState, type FormState } from "@/lib/form-state";

type ActionFormProps = {
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  hidden?: Record<string, string>;
  children: React.ReactNode;
  className?: string;
};

/** A form bound to a server action, with its result announced beside it. */
export function ActionForm({ action, hidden = {}, children, className }: ActionFormProps) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
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
