import "server-only";
import webPush from "web-push";
import { mutedMembers } from "@/lib/dal/internal/mutes";
import { forgetPushEndpoint, pushTargetsFor, type PushTarget } from "@/lib/dal/internal/push";
import { log } from "@/lib/log";
import { toPlainText } from "@/lib/markdown";
import { firstCharacters } from "@/lib/message-rules";
import { vapidKeys } from "./vapid";

/** A new message that may be worth a push, as the send path knows it once the message is published. */
export type NewMessage = {
  conversationId: string;
  conversationKind: "direct" | "group" | "public";
  messageId: number;
  senderId: string;
  senderName: string;
  /** Plain text: mentions already read as "@Name" (lib/dal/internal/mentions.ts mentionText). */
  body: string;
  memberIds: string[];
  /** The members it mentions: told in a group or room, and even where they muted the chat. */
  mentionedIds: string[];
};

/** What the service worker (public/sw.js) receives, encrypted for each subscription. */
export type PushPayload = { type: "message"; conversationId: string; messageId: number; title: string; body: string };

// Bounds: a burst of sends queues at most this many messages for push (more are dropped, with a
// warning: a notification is a hint, the message itself is stored and shown); each round takes
// this many messages, and this many requests go to the push services at once.
export const MAX_QUEUED = 5_000;
const MESSAGES_PER_ROUND = 200;
const CONCURRENT_REQUESTS = 16;
const REQUEST_TIMEOUT_MS = 10_000;
const PREVIEW_LENGTH = 120;
// A message notification older than this is not worth delivering to a device that was off.
const TTL_SECONDS = 6 * 60 * 60;

/**
 * Who is pushed for a message: in a direct chat the other person; in a group or room only those it
 * mentions. Whoever muted the chat is left out when the round is sent (sendRound reads the mutes in
 * one query per message), unless the message mentions them: a mention is meant to reach its person.
 */
export function pushRecipients(m: NewMessage): string[] {
  const others = m.memberIds.filter((id) => id !== m.senderId);
  if (m.conversationKind === "direct") return others;
  const mentioned = new Set(m.mentionedIds);
  return others.filter((id) => mentioned.has(id));
}

export function payloadFor(m: NewMessage, target: Pick<PushTarget, "hidePreviews">): PushPayload {
  // "Hide previews": who wrote, never what.
  return {
    type: "message",
    conversationId: m.conversationId,
    messageId: m.messageId,
    title: m.senderName,
    body: target.hidePreviews ? "New message" : firstCharacters(toPlainText(m.body), PREVIEW_LENGTH),
  };
}

type Dispatcher = { queue: NewMessage[]; running: Promise<void> | null; dropped: number };
const globalForPush = globalThis as unknown as { messengerPush?: Dispatcher };
const dispatcher = (): Dispatcher => (globalForPush.messengerPush ??= { queue: [], running: null, dropped: 0 });

/**
 * Hands new messages to the pushes, after they are stored and published: this returns at once, and
 * the send path never waits for a push service. Pushes go out in rounds, one database read per
 * round for all its recipients' subscriptions.
 */
export function notifyNewMessages(messages: NewMessage[]): void {
  if (messages.length === 0 || !vapidKeys()) return;
  const d = dispatcher();
  const wanted = messages.filter((m) => pushRecipients(m).length > 0);
  const room = Math.max(0, MAX_QUEUED - d.queue.length);
  d.queue.push(...wanted.slice(0, room));
  if (wanted.length > room) {
    d.dropped += wanted.length - room;
    log.warn("push queue full: notifications dropped", { dropped: wanted.length - room });
  }
  d.running ??= drain(d).finally(() => {
    d.running = null;
  });
}

/** Resolves when every push queued so far has been tried (for tests and a graceful stop). */
export async function pushesSettled(): Promise<void> {
  const d = dispatcher();
  while (d.running) await d.running;
}

async function drain(d: Dispatcher): Promise<void> {
  // Let the send that queued these answer first.
  await new Promise((resolve) => setImmediate(resolve));
  while (d.queue.length > 0) {
    const round = d.queue.splice(0, MESSAGES_PER_ROUND);
    try {
      await sendRound(round);
    } catch (error) {
      log.error("push round failed", { error: error instanceof Error ? error.message : String(error) });
    }
  }
}

async function sendRound(round: NewMessage[]): Promise<void> {
  const keys = vapidKeys();
  if (!keys) return;
  const recipients = new Map(
    await Promise.all(
      round.map(async (m): Promise<[NewMessage, string[]]> => {
        const wanted = pushRecipients(m);
        const muted = await mutedMembers(m.conversationId, wanted);
        return [m, wanted.filter((id) => !muted.has(id) || m.mentionedIds.includes(id))];
      }),
    ),
  );
  const targets = await pushTargetsFor([...new Set([...recipients.values()].flat())]);
  const byUser = new Map<string, PushTarget[]>();
  for (const t of targets) byUser.set(t.userId, [...(byUser.get(t.userId) ?? []), t]);
  const requests: (() => Promise<void>)[] = [];
  for (const [m, userIds] of recipients) {
    for (const userId of userIds) {
      for (const target of byUser.get(userId) ?? []) requests.push(async () => void (await deliver(target, payloadFor(m, target), keys)));
    }
  }
  let next = 0;
  const worker = async () => {
    while (next < requests.length) await requests[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_REQUESTS, requests.length) }, worker));
}

/** One push: encrypted (aes128gcm, RFC 8291) and signed (VAPID, RFC 8292) by web-push, posted here. */
export async function deliver(target: PushTarget, payload: PushPayload, keys: NonNullable<ReturnType<typeof vapidKeys>>): Promise<number | null> {
  const request = webPush.generateRequestDetails({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, JSON.stringify(payload), {
    vapidDetails: keys,
    TTL: TTL_SECONDS,
    urgency: "high",
    topic: topicOf(payload.conversationId),
    contentEncoding: "aes128gcm",
  });
  let status: number;
  try {
    const response = await fetch(request.endpoint, {
      method: request.method,
      headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])),
      body: request.body ? new Uint8Array(request.body) : null,
      redirect: "error",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    status = response.status;
    await response.body?.cancel();
  } catch (error) {
    log.warn("push not delivered", { error: error instanceof Error ? error.message : String(error) });
    return null;
  }
  if (status === 404 || status === 410) await forgetPushEndpoint(target.endpoint);
  else if (status >= 400) log.warn("push refused", { status });
  return status;
}

/** One pending notification per chat on a device that is off: a newer one replaces it (32 base64url characters at most). */
function topicOf(conversationId: string): string {
  return conversationId.replace(/-/g, "").slice(0, 32);
}
