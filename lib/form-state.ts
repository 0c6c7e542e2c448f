import { AppError } from "@/lib/errors";

/** What every form action returns to `useActionState`. */
export type FormState =
  | { ok: true; message?: string }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]>; values?: Record<string, string> };

export const initialFormState: FormState = { ok: true };

/** Turns an AppError into a form result; anything else is re-thrown (redirects included). */
export function formError(error: unknown, values?: Record<string, string>): FormState {
  if (error instanceof AppError) {
    return { ok: false, message: error.message, fieldErrors: error.fieldErrors, values };
  }
  throw error;
}
