import type { ActionResult } from "@/lib/action-result";

/**
 * The announced line under a form: its success message, or a refusal that belongs to no single
 * field (field errors render beside their fields).
 */
export function FormStatus({ state }: { state: ActionResult }) {
  const error = !state.ok && !state.fieldErrors;
  return (
    <p
      role="status"
      aria-live="polite"
      className={`min-h-5 text-sm ${error ? "text-red-600 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}`}
    >
      {state.ok ? (state.message ?? "") : error ? state.message : ""}
    </p>
  );
}

export const buttonClass =
  "self-start rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60";
export const dangerButtonClass =
  "self-start rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-500 disabled:opacity-60";
