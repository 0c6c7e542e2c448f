"use server";

import { revalidatePath } from "next/cache";
import { blockUser, unblockUser } from "@/lib/dal/blocks";
import { acceptFriendRequest, cancelFriendRequest, declineFriendRequest, removeContact, sendFriendRequest } from "@/lib/dal/contacts";
import type { Actor } from "@/lib/dal/users";
import { NOT_A_FORM, type ActionResult } from "@/lib/action-result";
import { formValue, isForm } from "@/lib/form-data";
import { runAction } from "@/lib/run-action";

/**
 * Every relationship form posts one field, the other person's id (the DAL validates it), so each
 * action here is only its DAL change and what it answers.
 */
function relationshipAction(change: (actor: Actor, userId: unknown) => Promise<void>, done: string) {
  return async (_previous: ActionResult, formData: FormData): Promise<ActionResult> => {
    if (!isForm(formData)) return NOT_A_FORM;
    return runAction(async (actor) => {
      await change(actor, formValue(formData, "userId"));
      // Profile buttons, contact lists, the badge and the conversation list all follow.
      revalidatePath("/", "layout");
      return { message: done };
    });
  };
}

export const sendFriendRequestAction = relationshipAction(sendFriendRequest, "Request sent.");
export const cancelFriendRequestAction = relationshipAction(cancelFriendRequest, "Request cancelled.");
export const acceptFriendRequestAction = relationshipAction(acceptFriendRequest, "Request accepted.");
export const declineFriendRequestAction = relationshipAction(declineFriendRequest, "Request declined.");
export const removeContactAction = relationshipAction(removeContact, "Contact removed.");
export const blockUserAction = relationshipAction(blockUser, "Blocked.");
export const unblockUserAction = relationshipAction(unblockUser, "Unblocked.");
