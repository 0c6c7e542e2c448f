import type { ActionResult } from "@/lib/action-result";

/**
 * The announced line under a form: its success message, or a refusal that belongs to no single
 * field (field errors render beside their fields).
 */
export function FormStatus({ state }: { state: ActionResult }) {
  const error = !state.ok && !state.fieldErrors;
  return (
    <p role="status" aria-live="polite" className={`min-h-5 text-sm ${error ? "text-red-600 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}`}>
      {state.ok ? (state.message ?? "") : error ? state.message : ""}
    </p>
  );
}
