"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { signIn, signOut } from "@/lib/auth";
import {
  changePassword,
  changeUsername,
  deleteAccount,
  signOutEverywhere,
  updateProfile,
} from "@/lib/dal/account";
import { removeAvatar, setPresetAvatar } from "@/lib/dal/avatars";
import { getSessionUser, requireUser } from "@/lib/dal/session";
import { formError, isForm, NOT_A_FORM, formText as text, formValue as field, type FormState } from "@/lib/form-state";

/** The query the settings page reads to confirm a password change. */
const PASSWORD_CHANGED = "password=changed";


export async function updateProfileAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  const values = { firstName: text(formData, "firstName") ?? "", lastName: text(formData, "lastName") ?? "", bio: text(formData, "bio") ?? "" };
  try {
    await updateProfile(await requireUser(), { firstName: field(formData, "firstName"), lastName: field(formData, "lastName"), bio: field(formData, "bio") });
  } catch (error) {
    return formError(error, values);
  }
  revalidatePath("/", "layout");
  return { ok: true, message: "Profile saved." };
}

export async function changeUsernameAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  const username = text(formData, "username") ?? "";
  let saved: string;
  try {
    saved = await changeUsername(await requireUser(), { username });
  } catch (error) {
    return formError(error, { username });
  }
  revalidatePath("/", "layout");
  return { ok: true, message: `Your username is now ${saved}.` };
}

/**
 * Every session of this account ends, this one too; this browser then signs in again with the new
 * password, so the person who changed it stays signed in here and only here. The redirect makes the
 * next render a new request that carries the new session cookie: a re-render inside this action
 * would still read the revoked one.
 */
export async function changePasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  const input = { currentPassword: text(formData, "currentPassword"), newPassword: text(formData, "newPassword") };
  let username: string;
  try {
    const actor = await requireUser();
    await changePassword(actor, input);
    username = actor.username;
  } catch (error) {
    return formError(error);
  }
  await signIn("credentials", { username, password: input.newPassword, redirect: false });
  redirect(`/settings?${PASSWORD_CHANGED}`);
}

/** Signed out already (another device got there first), there is nothing to revoke: only this browser's cookie goes. */
export async function signOutEverywhereAction(): Promise<void> {
  const actor = await getSessionUser();
  if (actor) await signOutEverywhere(actor);
  await signOut({ redirectTo: "/sign-in" });
}

export async function deleteAccountAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  try {
    await deleteAccount(await requireUser(), { password: text(formData, "password") });
  } catch (error) {
    return formError(error);
  }
  await signOut({ redirectTo: "/sign-in" });
  return { ok: true };
}

export async function choosePresetAvatarAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  try {
    await setPresetAvatar(await requireUser(), field(formData, "preset"));
  } catch (error) {
    return formError(error);
  }
  revalidatePath("/", "layout");
  return { ok: true, message: "Picture changed." };
}

export async function removeAvatarAction(): Promise<FormState> {
  try {
    await removeAvatar(await requireUser());
  } catch (error) {
    return formError(error);
  }
  revalidatePath("/", "layout");
  return { ok: true, message: "Picture removed." };
}
