/**
 * A server action is a public endpoint that anyone can call with any arguments, so what arrives
 * where a form belongs may be anything: every form action answers this first, instead of a
 * TypeError from reading fields of something that has none.
 */
export function isForm(value: unknown): value is FormData {
  return value instanceof FormData;
}

/**
 * One field of a submitted form as sent, "" when missing. A file where text belongs stays a file,
 * for the schema to refuse: String() would make it "[object File]".
 */
export function formValue(formData: FormData, name: string): FormDataEntryValue {
  return formData.get(name) ?? "";
}

/** Every value of a field that repeats (checkboxes). */
export function formValues(formData: FormData, name: string): FormDataEntryValue[] {
  return formData.getAll(name);
}

/** A field's text, or undefined when it is missing or a file. */
export function formText(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
}
