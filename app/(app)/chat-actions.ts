"use server";

import type { ActionResult } from "@/lib/action-result";
import { forwardMessage } from "@/lib/dal/messages";
import { muteConversation } from "@/lib/dal/mutes";
import { setPinned } from "@/lib/dal/pins";
import type { MessageDTO, PinnedMessage } from "@/lib/dto";
import { runAction } from "@/lib/run-action";

/** Mutes a chat of one's own for "1h", "8h" or "forever", or unmutes it ("off"). */
export async function muteConversationAction(conversationId: string, duration: string): Promise<ActionResult<{ mutedUntil: number | null }>> {
  return runAction(async (actor) => {
    const { mutedUntil } = await muteConversation(actor, { conversationId, duration });
    return { mutedUntil };
  });
}

/** Pins (or unpins) a message: either person in a direct chat, an admin in a group. */
export async function setPinnedAction(messageId: number, pinned: boolean): Promise<ActionResult<{ pins: PinnedMessage[] }>> {
  return runAction(async (actor) => ({ pins: await setPinned(actor, { messageId, pinned }) }));
}

/**
 * Forwards a message into chats of one's own (at most ten). `clientId` is made once per forward by
 * the browser: a retry with it stores nothing twice.
 */
export async function forwardMessageAction(messageId: number, clientId: string, conversationIds: string[]): Promise<ActionResult<{ messages: MessageDTO[] }>> {
  return runAction(async (actor) => forwardMessage(actor, { messageId, clientId, conversationIds }));
}
