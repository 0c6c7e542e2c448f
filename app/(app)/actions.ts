"use server";

import { redirect } from "next/navigation";
import { listConversationsForUser, markConversationRead, openDirectConversation } from "@/lib/dal/conversations";
import { requireUser } from "@/lib/dal/session";
import type { ConversationSummary } from "@/lib/dto";
import { formError, type FormState } from "@/lib/form-state";

export async function startDirectConversation(_previous: FormState, formData: FormData): Promise<FormState> {
  let conversationId: string;
  try {
    const actor = await requireUser();
    conversationId = await openDirectConversation(actor, formData.get("userId"));
  } catch (error) {
    return formError(error);
  }
  redirect(`/c/${conversationId}`);
}

export async function listConversations(): Promise<ConversationSummary[]> {
  const actor = await requireUser();
  return listConversationsForUser(actor);
}

export async function markRead(conversationId: string, messageId: number): Promise<void> {
  const actor = await requireUser();
  await markConversationRead(actor, conversationId, messageId);
}
