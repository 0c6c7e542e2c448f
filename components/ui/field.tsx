import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";

type Labelled = { label: string; name: string; errors?: string[]; hint?: string };
type ControlProps = { id: string; name: string; "aria-invalid"?: true; "aria-describedby": string; className: string };

const controlClass =
  "rounded-lg border border-zinc-300 bg-white px-3 py-2 outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 aria-[invalid]:border-red-500 dark:border-zinc-700 dark:bg-zinc-900";

/**
 * A small input for a toolbar or a table row, named by aria-label or a wrapping label: Field's
 * label and error line would not fit there.
 */
export const compactInputClass = "rounded-md border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700";

/** The label, hint and announced errors every form control gets; `control` renders the control itself. */
function FieldFrame({ label, name, errors, hint, control }: Labelled & { control: (props: ControlProps) => ReactNode }) {
  const errorId = `${name}-error`;
  const hintId = `${name}-hint`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={name} className="text-sm font-medium">
        {label}
      </label>
      {control({
        id: name,
        name,
        "aria-invalid": errors?.length ? true : undefined,
        "aria-describedby": [hint ? hintId : "", errorId].filter(Boolean).join(" "),
        className: controlClass,
      })}
      {hint && (
        <p id={hintId} className="text-xs text-zinc-500">
          {hint}
        </p>
      )}
      <p id={errorId} aria-live="polite" className="min-h-4 text-sm text-red-600 dark:text-red-400">
        {errors?.join(" ")}
      </p>
    </div>
  );
}

/** A labelled input whose errors render beside it and are announced. */
export function Field({ label, name, errors, hint, ...input }: InputHTMLAttributes<HTMLInputElement> & Labelled) {
  return <FieldFrame label={label} name={name} errors={errors} hint={hint} control={(props) => <input {...props} {...input} />} />;
}

/** The username input: capitals and autocorrect would change the name typed. */
export function UsernameField(props: Omit<InputHTMLAttributes<HTMLInputElement>, "name"> & Omit<Labelled, "label" | "name">) {
  return <Field label="Username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} {...props} />;
}

/** Field's multi-line sibling: the same label, hint and announced errors. */
export function TextAreaField({ label, name, errors, hint, ...textarea }: TextareaHTMLAttributes<HTMLTextAreaElement> & Labelled) {
  return (
    <FieldFrame
      label={label}
      name={name}
      errors={errors}
      hint={hint}
      control={({ className, ...props }) => <textarea {...props} className={`min-h-24 ${className}`} {...textarea} />}
    />
  );
}
