"use client";

import { useFormStatus } from "react-dom";
import { signOutEverywhereAction } from "@/app/(app)/settings/actions";
import { Button } from "@/components/ui/button";

function Submit() {
  const { pending } = useFormStatus();
  return (
    <Button disabled={pending} className="self-start">
      Sign out everywhere
    </Button>
  );
}

export function SignOutEverywhereForm() {
  return (
    <form action={signOutEverywhereAction}>
      <Submit />
    </form>
  );
}
