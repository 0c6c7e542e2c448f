"use client";

import { useActionState } from "react";
import { initialActionState, type ActionResult } from "@/lib/action-result";

type Tone = "primary" | "secondary" | "danger";

const tones: Record<Tone, string> = {
  primary: "bg-indigo-600 text-white hover:bg-indigo-500",
  secondary: "border border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900",
  danger: "border border-red-300 text-red-700 hover:bg-red-50 dark:border-red-900 dark:text-red-400 dark:hover:bg-red-950",
};

type ActionButtonProps = {
  action: (previous: ActionResult, formData: FormData) => Promise<ActionResult>;
  userId: string;
  label: string;
  /** Spoken name when the visible label alone is ambiguous in a list ("Accept ana"). */
  accessibleName?: string;
  tone?: Tone;
};

/** One button acting on one person, with its refusal announced beside it. */
export function ActionButton({ action, userId, label, accessibleName, tone = "secondary" }: ActionButtonProps) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col items-center">
      <input type="hidden" name="userId" value={userId} />
      <button
        type="submit"
        disabled={pending}
        aria-label={accessibleName}
        className={`rounded-lg px-4 py-1.5 text-sm font-medium disabled:opacity-60 ${tones[tone]}`}
      >
        {label}
      </button>
      <p role="alert" className="max-w-60 text-center text-xs text-red-600 dark:text-red-400">
        {state.ok ? "" : state.message}
      </p>
    </form>
  );
}
