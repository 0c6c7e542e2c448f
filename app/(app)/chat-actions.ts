"use server";

import { forwardMessage } from "@/lib/dal/messages";
import { muteConversation } from "@/lib/dal/mutes";
import { setPinned } from "@/lib/dal/pins";
import type { MessageDTO, PinnedMessage } from "@/lib/dto";
import { requireUser } from "@/lib/dal/session";
import { AppError } from "@/lib/errors";

/** What chat actions return: what is now stored, or a message a person can read. */
export type ChatActionResult<T> = ({ ok: true } & T) | { ok: false; error: string };

async function chatAction<T>(change: () => Promise<T>): Promise<ChatActionResult<T>> {
  try {
    return { ok: true, ...(await change()) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}

/** Mutes a chat of one's own for "1h", "8h" or "forever", or unmutes it ("off"). */
export async function muteConversationAction(conversationId: string, duration: string): Promise<ChatActionResult<{ mutedUntil: number | null }>> {
  return chatAction(async () => {
    const { mutedUntil } = await muteConversation(await requireUser(), { conversationId, duration });
    return { mutedUntil };
  });
}

/** Pins (or unpins) a message: either person in a direct chat, an admin in a group. */
export async function setPinnedAction(messageId: number, pinned: boolean): Promise<ChatActionResult<{ pins: PinnedMessage[] }>> {
  return chatAction(async () => ({ pins: await setPinned(await requireUser(), { messageId, pinned }) }));
}

/**
 * Forwards a message into chats of one's own (at most ten). `clientId` is made once per forward by
 * the browser: a retry with it stores nothing twice.
 */
export async function forwardMessageAction(
  messageId: number,
  clientId: string,
  conversationIds: string[],
): Promise<ChatActionResult<{ messages: MessageDTO[] }>> {
  return chatAction(async () => forwardMessage(await requireUser(), { messageId, clientId, conversationIds }));
}
