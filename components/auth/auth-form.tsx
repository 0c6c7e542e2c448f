"use client";

import { AppLink } from "@/components/ui/app-link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, UsernameField } from "@/components/ui/field";
import { initialActionState, type ActionResult } from "@/lib/action-result";

type AuthFormProps = {
  mode: "sign-in" | "sign-up";
  action: (previous: ActionResult, formData: FormData) => Promise<ActionResult>;
  next?: string;
  /** The invitation a sign-up link carries. */
  invite?: string;
  /** What the server says about signing up here (closed, by invitation, a link that no longer works). */
  notice?: string;
};

export function AuthForm({ mode, action, next, invite, notice }: AuthFormProps) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  const failed = state.ok ? null : state;
  const signUp = mode === "sign-up";
  return (
    <form action={formAction} className="flex w-full max-w-sm flex-col gap-3" noValidate>
      <h1 className="mb-2 text-2xl font-semibold">{signUp ? "Create your account" : "Sign in to Messenger"}</h1>
      {next && <input type="hidden" name="next" value={next} />}
      {invite && <input type="hidden" name="invite" value={invite} />}
      {notice && (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          {notice}
        </p>
      )}
      <UsernameField
        required
        defaultValue={failed?.values?.username}
        errors={failed?.fieldErrors?.username}
        hint={signUp ? "3-32 characters: letters, digits, _ and ." : undefined}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete={signUp ? "new-password" : "current-password"}
        required
        errors={failed?.fieldErrors?.password}
        hint={signUp ? "At least 8 characters." : undefined}
      />
      <p role="alert" className="min-h-5 text-sm text-red-600 dark:text-red-400">
        {failed && !failed.fieldErrors ? failed.message : ""}
      </p>
      <Button size="lg" disabled={pending}>
        {signUp ? "Sign up" : "Sign in"}
      </Button>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {signUp ? "Already have an account? " : "New here? "}
        <AppLink className="font-medium text-indigo-600 hover:underline dark:text-indigo-400" href={signUp ? "/sign-in" : "/sign-up"}>
          {signUp ? "Sign in" : "Create an account"}
        </AppLink>
      </p>
    </form>
  );
}
