"use server";

import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { signIn, SignInRateLimited, signOut } from "@/lib/auth";
import { signUpFromNetwork } from "@/lib/dal/users";
import { NOT_A_FORM, type ActionResult } from "@/lib/action-result";
import { formValue, isForm } from "@/lib/form-data";
import { clientNetwork } from "@/lib/http/client-ip";
import { safeNextPath } from "@/lib/http/next-path";
import { actionFailure } from "@/lib/run-action";

/** Null when a field is a file: String() would have read it as the text "[object File]". */
function credentialsFrom(formData: FormData): { username: string; password: string } | null {
  const username = formValue(formData, "username");
  const password = formValue(formData, "password");
  return typeof username === "string" && typeof password === "string" ? { username, password } : null;
}

const NOT_TEXT: ActionResult = { ok: false, message: "Enter your username and password as text." };

export async function signUpAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  const credentials = credentialsFrom(formData);
  if (!credentials) return NOT_TEXT;
  try {
    await signUpFromNetwork(credentials, clientNetwork(await headers()), formValue(formData, "invite"));
  } catch (error) {
    return actionFailure(error, { username: credentials.username });
  }
  try {
    await signIn("credentials", { ...credentials, redirectTo: "/" });
  } catch (error) {
    // The account exists; only signing in to it has to wait (this network failed too often).
    if (error instanceof SignInRateLimited) return { ok: false, message: `Your account is ready. ${error.message}` };
    throw error;
  }
  return { ok: true };
}

export async function signInAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  const credentials = credentialsFrom(formData);
  if (!credentials) return NOT_TEXT;
  try {
    await signIn("credentials", { ...credentials, redirectTo: safeNextPath(formValue(formData, "next")) });
    return { ok: true };
  } catch (error) {
    if (error instanceof SignInRateLimited) {
      return { ok: false, message: error.message, values: { username: credentials.username } };
    }
    if (error instanceof AuthError) {
      return { ok: false, message: "Wrong username or password.", values: { username: credentials.username } };
    }
    throw error;
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
