"use server";

import { redirect } from "next/navigation";
import { reportMessage } from "@/lib/dal/admin";
import { openDirectConversation } from "@/lib/dal/conversations";
import { deleteMessage, editMessage } from "@/lib/dal/messages";
import { toggleReaction } from "@/lib/dal/reactions";
import { requireUser } from "@/lib/dal/session";
import type { MessageDTO } from "@/lib/dto";
import { AppError } from "@/lib/errors";
import { formError, isForm, NOT_A_FORM, formValue, type FormState } from "@/lib/form-state";

/** What message actions return: the changed message, or a message a person can read. */
export type MessageActionResult = { ok: true; message: MessageDTO } | { ok: false; error: string };

async function messageAction(change: () => Promise<MessageDTO>): Promise<MessageActionResult> {
  try {
    return { ok: true, message: await change() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}

export async function startDirectConversation(_previous: FormState, formData: FormData): Promise<FormState> {
  if (!isForm(formData)) return NOT_A_FORM;
  let conversationId: string;
  try {
    const actor = await requireUser();
    conversationId = await openDirectConversation(actor, formValue(formData, "userId"));
  } catch (error) {
    return formError(error);
  }
  redirect(`/c/${conversationId}`);
}

export async function editMessageAction(messageId: number, body: string): Promise<MessageActionResult> {
  return messageAction(async () => editMessage(await requireUser(), { messageId, body }));
}

export async function deleteMessageAction(messageId: number): Promise<MessageActionResult> {
  return messageAction(async () => deleteMessage(await requireUser(), { messageId }));
}

export async function toggleReactionAction(messageId: number, emoji: string): Promise<MessageActionResult> {
  return messageAction(async () => toggleReaction(await requireUser(), { messageId, emoji }));
}

/** Any member reports a message they can see, with a reason; it goes to the server's admins. */
export async function reportMessageAction(messageId: number, reason: string): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    await reportMessage(await requireUser(), { messageId, reason });
    return { ok: true };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}
