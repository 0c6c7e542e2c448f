"use client";

import { useFormStatus } from "react-dom";
import { signOutEverywhereAction } from "@/app/(app)/settings/actions";
import { buttonClass } from "./form-status";

function Submit() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} className={buttonClass}>
      Sign out everywhere
    </button>
  );
}

export function SignOutEverywhereForm() {
  return (
    <form action={signOutEverywhereAction}>
      <Submit />
    </form>
  );
}
