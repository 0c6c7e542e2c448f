"use server";

import { revalidatePath } from "next/cache";
import { blockUser, unblockUser } from "@/lib/dal/blocks";
import {
  acceptFriendRequest,
  cancelFriendRequest,
  declineFriendRequest,
  removeContact,
  sendFriendRequest,
} from "@/lib/dal/contacts";
import { requireUser } from "@/lib/dal/session";
import type { Actor } from "@/lib/dal/users";
import { formError, isForm, NOT_A_FORM, formValue, type FormState } from "@/lib/form-state";

/** Every relationship form posts one field, the other person's id; the DAL validates it. */
async function act(formData: FormData, change: (actor: Actor, userId: unknown) => Promise<void>, done: string): Promise<FormState> {
  try {
    const actor = await requireUser();
    await change(actor, formValue(formData, "userId"));
  } catch (error) {
    return formError(error);
  }
  // Profile buttons, contact lists, the badge and the conversation list all follow.
  revalidatePath("/", "layout");
  return { ok: true, message: done };
}

export async function sendFriendRequestAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  return act(formData, sendFriendRequest, "Request sent.");
}

export async function cancelFriendRequestAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  return act(formData, cancelFriendRequest, "Request cancelled.");
}

export async function acceptFriendRequestAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  return act(formData, acceptFriendRequest, "Request accepted.");
}

export async function declineFriendRequestAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  return act(formData, declineFriendRequest, "Request declined.");
}

export async function removeContactAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  return act(formData, removeContact, "Contact removed.");
}

export async function blockUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  return act(formData, blockUser, "Blocked.");
}

export async function unblockUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  return act(formData, unblockUser, "Unblocked.");
}
