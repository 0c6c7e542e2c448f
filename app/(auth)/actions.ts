"use server";

import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { signIn, SignInRateLimited, signOut } from "@/lib/auth";
import { signUpFromNetwork } from "@/lib/dal/users";
import { formError, type FormState } from "@/lib/form-state";
import { clientNetwork } from "@/lib/http/client-ip";

function credentialsFrom(formData: FormData) {
  return {
    username: String(formData.get("username") ?? ""),
    password: String(formData.get("password") ?? ""),
  };
}

export async function signUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const credentials = credentialsFrom(formData);
  try {
    await signUpFromNetwork(credentials, clientNetwork(await headers()));
  } catch (error) {
    return formError(error, { username: credentials.username });
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

export async function signInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const credentials = credentialsFrom(formData);
  try {
    await signIn("credentials", { ...credentials, redirectTo: safeNextPath(formData.get("next")) });
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

/** Only a path on this site: never an open redirect to somewhere else. */
function safeNextPath(value: FormDataEntryValue | null): string {
  const path = typeof value === "string" ? value : "";
  return /^\/(?![/\\])/.test(path) ? path : "/";
}
