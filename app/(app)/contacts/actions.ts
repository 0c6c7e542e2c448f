"use server";

import { revalidatePath } from "next/cache";
import { blockUser, unblockUser } from "@/lib/dal/blocks";
import { acceptFriendRequest, cancelFriendRequest, declineFriendRequest, removeContact, sendFriendRequest } from "@/lib/dal/contacts";
import type { Actor } from "@/lib/dal/users";
import { NOT_A_FORM, type ActionResult } from "@/lib/action-result";
import { formValue, isForm } from "@/lib/form-data";
import { runAction } from "@/lib/run-action";

/** Every relationship form posts one field, the other person's id; the DAL validates it. */
async function changeRelationship(formData: FormData, change: (actor: Actor, userId: unknown) => Promise<void>, done: string): Promise<ActionResult> {
  return runAction(async (actor) => {
    await change(actor, formValue(formData, "userId"));
    // Profile buttons, contact lists, the badge and the conversation list all follow.
    revalidatePath("/", "layout");
    return { message: done };
  });
}

export async function sendFriendRequestAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  return changeRelationship(formData, sendFriendRequest, "Request sent.");
}

export async function cancelFriendRequestAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  return changeRelationship(formData, cancelFriendRequest, "Request cancelled.");
}

export async function acceptFriendRequestAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  return changeRelationship(formData, acceptFriendRequest, "Request accepted.");
}

export async function declineFriendRequestAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  return changeRelationship(formData, declineFriendRequest, "Request declined.");
}

export async function removeContactAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  return changeRelationship(formData, removeContact, "Contact removed.");
}

export async function blockUserAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  return changeRelationship(formData, blockUser, "Blocked.");
}

export async function unblockUserAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  return changeRelationship(formData, unblockUser, "Unblocked.");
}
