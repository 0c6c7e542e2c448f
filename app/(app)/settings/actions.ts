"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { signIn, signOut } from "@/lib/auth";
import { changePassword, changeUsername, deleteAccount, signOutEverywhere, updateProfile } from "@/lib/dal/account";
import { removeAvatar, setPresetAvatar } from "@/lib/dal/avatars";
import { getSessionUser } from "@/lib/dal/session";
import { NOT_A_FORM, type ActionResult } from "@/lib/action-result";
import { formText as text, formValue as field, isForm } from "@/lib/form-data";
import { runAction } from "@/lib/run-action";

/** The query the settings page reads to confirm a password change. */
const PASSWORD_CHANGED = "password=changed";

export async function updateProfileAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  const values = { firstName: text(formData, "firstName") ?? "", lastName: text(formData, "lastName") ?? "", bio: text(formData, "bio") ?? "" };
  return runAction(
    async (actor) => {
      await updateProfile(actor, { firstName: field(formData, "firstName"), lastName: field(formData, "lastName"), bio: field(formData, "bio") });
      revalidatePath("/", "layout");
      return { message: "Profile saved." };
    },
    { values },
  );
}

export async function changeUsernameAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  const username = text(formData, "username") ?? "";
  return runAction(
    async (actor) => {
      const saved = await changeUsername(actor, { username });
      revalidatePath("/", "layout");
      return { message: `Your username is now ${saved}.` };
    },
    { values: { username } },
  );
}

/**
 * Every session of this account ends, this one too; this browser then signs in again with the new
 * password, so the person who changed it stays signed in here and only here. The redirect makes the
 * next render a new request that carries the new session cookie: a re-render inside this action
 * would still read the revoked one.
 */
export async function changePasswordAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  const input = { currentPassword: text(formData, "currentPassword"), newPassword: text(formData, "newPassword") };
  const result = await runAction(async (actor) => {
    await changePassword(actor, input);
    return { username: actor.username };
  });
  if (!result.ok) return result;
  await signIn("credentials", { username: result.username, password: input.newPassword, redirect: false });
  redirect(`/settings?${PASSWORD_CHANGED}`);
}

/** Signed out already (another device got there first), there is nothing to revoke: only this browser's cookie goes. */
export async function signOutEverywhereAction(): Promise<void> {
  const actor = await getSessionUser();
  if (actor) await signOutEverywhere(actor);
  await signOut({ redirectTo: "/sign-in" });
}

export async function deleteAccountAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  const result = await runAction(async (actor) => {
    await deleteAccount(actor, { password: text(formData, "password") });
    return {};
  });
  if (!result.ok) return result;
  await signOut({ redirectTo: "/sign-in" });
  return { ok: true };
}

export async function choosePresetAvatarAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  return runAction(async (actor) => {
    await setPresetAvatar(actor, field(formData, "preset"));
    revalidatePath("/", "layout");
    return { message: "Picture changed." };
  });
}

export async function removeAvatarAction(): Promise<ActionResult> {
  return runAction(async (actor) => {
    await removeAvatar(actor);
    revalidatePath("/", "layout");
    return { message: "Picture removed." };
  });
}
