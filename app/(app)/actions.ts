"use server";

import { NOT_A_FORM, type ActionResult } from "@/lib/action-result";
import { reportMessage } from "@/lib/dal/admin";
import { openDirectConversation } from "@/lib/dal/conversations";
import { deleteMessage, editMessage } from "@/lib/dal/messages";
import { toggleReaction } from "@/lib/dal/reactions";
import type { MessageDTO } from "@/lib/dto";
import { formValue, isForm } from "@/lib/form-data";
import { runAction, runActionThenOpen } from "@/lib/run-action";

/** What message actions answer: the message as it is now stored. */
export type MessageChange = ActionResult<{ changed: MessageDTO }>;

export async function startDirectConversationAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  if (!isForm(formData)) return NOT_A_FORM;
  return runActionThenOpen((actor) => openDirectConversation(actor, formValue(formData, "userId")));
}

export async function editMessageAction(messageId: number, body: string): Promise<MessageChange> {
  return runAction(async (actor) => ({ changed: await editMessage(actor, { messageId, body }) }));
}

export async function deleteMessageAction(messageId: number): Promise<MessageChange> {
  return runAction(async (actor) => ({ changed: await deleteMessage(actor, { messageId }) }));
}

export async function toggleReactionAction(messageId: number, emoji: string): Promise<MessageChange> {
  return runAction(async (actor) => ({ changed: await toggleReaction(actor, { messageId, emoji }) }));
}

/** Any member reports a message they can see, with a reason; it goes to the server's admins. */
export async function reportMessageAction(messageId: number, reason: string): Promise<ActionResult<object>> {
  return runAction(async (actor) => {
    await reportMessage(actor, { messageId, reason });
    return {};
  });
}
