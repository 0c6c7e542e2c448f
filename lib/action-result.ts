/**
 * What every server action answers, forms and chat actions alike: what is now stored on success, or
 * a message a person can read (and, from a form, its per-field errors and the values to show again).
 * Browser components import this module, so it holds types and plain values only.
 */
export type ActionFailure = {
  ok: false;
  message: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string>;
};

export type ActionResult<T extends object = { message?: string }> = ({ ok: true } & T) | ActionFailure;

/** What `useActionState` starts from: nothing sent yet, nothing to show. */
export const initialActionState: ActionResult = { ok: true };

export const NOT_A_FORM: ActionFailure = { ok: false, message: "Send this as a form." };
