import { randomUUID } from "node:crypto";
import type Pusher from "pusher-js";
import type { MessageDTO } from "@/lib/dto";
import { userChannel } from "@/lib/realtime/channels";
import type { PartialMessage } from "@/lib/realtime/events";
import { sleep } from "@/bench/support/async";
import { NoAnswerError, request } from "@/bench/support/http";
import { messageBody, postMessage } from "@/bench/support/messages";
import { connect, subscribe, viaRoute, type RealtimeTarget } from "@/bench/support/realtime";
import type { BenchUser } from "@/bench/support/seed";
import type { Ledger, Send } from "./ledger";
import type { LoadConversation } from "./population";

// The browser's retry policy (lib/api-client.ts: network errors, 5xx and 429 are worth retrying),
// with the same clientId each time, so the server stores the message at most once.
const MAX_ATTEMPTS = 5;
const FIRST_BACKOFF_MS = 500;
const CATCH_UP_PAGE = 200;
const RECONNECT_TIMEOUT_MS = 20_000;
// A browser's fetch and pusher-js's authorizer wait for an answer without a limit of their own: a
// slow server shows as latency. This bounds a request that never comes back at all.
const PATIENCE_MS = 120_000;

type CatchUpPage = { messages: MessageDTO[]; hasMore: boolean };

export type LoadTarget = { baseURL: string; realtime: RealtimeTarget; ledger: Ledger };

/**
 * One person with the app open: a pusher-js connection subscribed, through the app's channel-auth
 * route, to their own channel and to each of their conversations; sends over HTTP as the browser
 * does; catches up from the database when a subscription comes back, as the chat view does.
 */
export class SimulatedUser {
  private client: Pusher | null = null;
  private readonly catchingUp = new Map<string, Promise<void>>();
  /**
   * By conversation, the newest id of the last page read from the server: a catch-up starts there,
   * as the chat view's does, not after the newest id held. Ids are given out as messages are
   * stored but published as each request finishes, so a message held from the channel (or from a
   * send's answer) can be newer than one still on its way; a page holds every message up to its
   * newest id, since writes are serialised. The conversations start empty.
   */
  private readonly syncedThrough = new Map<string, number>();
  /** While set, the connection is down on purpose (dropConnection): not an error. */
  private dropping = false;
  /** Lost its connection on purpose at some point: events on its own channel meanwhile are gone (the app refreshes its list instead). */
  dropped = false;

  constructor(
    readonly user: BenchUser,
    readonly conversations: LoadConversation[],
    private readonly target: LoadTarget,
  ) {}

  /** Connects and subscribes; resolves with the number of subscriptions once Soketi confirmed each. */
  async connect(): Promise<number> {
    const { ledger } = this.target;
    const client = await connect(this.target.realtime, viaRoute(this.target.baseURL, this.user.cookie, PATIENCE_MS));
    this.client = client;
    client.connection.bind("state_change", ({ previous, current }: { previous: string; current: string }) => {
      if (this.dropping) return;
      if (previous === "connected") ledger.countRealtimeError(`connection dropped (${current})`);
      else if (current === "unavailable" || current === "failed") ledger.countRealtimeError(`connection ${current}`);
    });
    client.connection.bind("error", (error: { error?: { data?: { code?: number } } }) => {
      ledger.countRealtimeError(`connection error ${error.error?.data?.code ?? ""}`.trim());
    });

    const own = await subscribe(client, userChannel(this.user.id));
    own.bind("conversation.activity", () => ledger.activity.set(this.user.id, (ledger.activity.get(this.user.id) ?? 0) + 1));
    await Promise.all(
      this.conversations.map(async (conversation) => {
        const channel = await subscribe(client, conversation.channel);
        channel.bind("message.created", (payload: MessageDTO | PartialMessage) => {
          if ("partial" in payload) void this.catchUp(conversation);
          else ledger.receive(this.user.id, payload, "live");
        });
        // Bound after the first confirmation: from here on, a confirmation is a resubscription
        // after a dropped connection, and whatever was published meanwhile is in the database only.
        channel.bind("pusher:subscription_succeeded", () => void this.catchUp(conversation));
        channel.bind("pusher:subscription_error", () => ledger.countRealtimeError("resubscription refused"));
      }),
    );
    return this.conversations.length + 1;
  }

  disconnect(): void {
    this.client?.disconnect();
  }

  /**
   * The WebSocket goes away for `offMs` (a train tunnel, a proxy restart) while HTTP still works.
   * Whatever is published meanwhile reaches this user only by catching up once pusher-js has
   * reconnected and resubscribed.
   */
  async dropConnection(offMs: number): Promise<void> {
    const client = this.client!;
    this.dropping = true;
    this.dropped = true;
    client.disconnect();
    await sleep(offMs);
    const connected = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), RECONNECT_TIMEOUT_MS);
      const onStateChange = ({ current }: { current: string }) => {
        if (current !== "connected") return;
        clearTimeout(timer);
        client.connection.unbind("state_change", onStateChange);
        resolve(true);
      };
      client.connection.bind("state_change", onStateChange);
    });
    client.connect();
    if (!(await connected)) this.target.ledger.countRealtimeError("no reconnection after a dropped connection");
    this.dropping = false;
  }

  /** Sends from `start` to `end` at a mean `interval` (seconds), each gap drawn from ½ to 1½ times it. */
  async sendUntil(start: number, end: number, interval: number, random: () => number): Promise<void> {
    const sends: Promise<void>[] = [];
    // A random first moment, so that the users do not all send in step.
    let at = start + random() * interval * 1000;
    for (let seq = 0; at < end; seq++) {
      await sleep(Math.max(0, at - performance.now()));
      const conversation = this.conversations[Math.floor(random() * this.conversations.length)]!;
      // Not awaited: like the composer, the next message can leave while this one is in flight.
      sends.push(this.send(conversation, at, messageBody(seq)));
      at += interval * 1000 * (0.5 + random());
    }
    await Promise.all(sends);
  }

  /** Resolves when no catch-up is running. */
  async settled(): Promise<void> {
    while (this.catchingUp.size > 0) await Promise.all(this.catchingUp.values());
  }

  private async send(conversation: LoadConversation, scheduledAt: number, body: string): Promise<void> {
    const { ledger, baseURL } = this.target;
    const send: Send = {
      clientId: randomUUID(),
      senderId: this.user.id,
      conversationId: conversation.id,
      scheduledAt,
      attempts: 0,
      acceptedId: null,
      acceptedAt: null,
      gaveUp: false,
    };
    ledger.sends.set(send.clientId, send);
    for (;;) {
      send.attempts++;
      let status = 0;
      let retryAfterSeconds = 0;
      try {
        const response = await postMessage(baseURL, this.user.cookie, conversation.id, send.clientId, body, PATIENCE_MS);
        status = response.status;
        if (status === 201 || status === 200) {
          // 200 is "already stored": right for a retry, impossible for a first attempt.
          if (status === 200 && send.attempts === 1) ledger.countHttpError("HTTP 200 on a first attempt");
          const stored = (JSON.parse(response.body) as { message: MessageDTO }).message;
          send.acceptedId = stored.id;
          send.acceptedAt = performance.now();
          // The composer holds its own message from the answer: a later catch-up starts after it.
          ledger.receive(this.user.id, stored, "sent");
          return;
        }
        ledger.countHttpError(`HTTP ${status}`);
        retryAfterSeconds = Number(response.headers["retry-after"]) || 0;
      } catch (error) {
        const { slow, kind } = classify(error);
        if (slow) ledger.countSlow(kind);
        else ledger.countHttpError(kind);
      }
      const retryable = status === 0 || status >= 500 || status === 429;
      if (!retryable || send.attempts >= MAX_ATTEMPTS) {
        send.gaveUp = true;
        return;
      }
      await sleep(retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : FIRST_BACKOFF_MS * 2 ** (send.attempts - 1));
    }
  }

  /** Everything after the last page read, page by page; one catch-up per conversation at a time. */
  private catchUp(conversation: LoadConversation): Promise<void> {
    let running = this.catchingUp.get(conversation.id);
    if (!running) {
      running = this.fetchSinceSynced(conversation).finally(() => this.catchingUp.delete(conversation.id));
      this.catchingUp.set(conversation.id, running);
    }
    return running;
  }

  private async fetchSinceSynced(conversation: LoadConversation): Promise<void> {
    const { ledger, baseURL } = this.target;
    for (let failures = 0; ; ) {
      const after = this.syncedThrough.get(conversation.id) ?? 0;
      const url = `${baseURL}/api/conversations/${conversation.id}/messages?after=${after}&limit=${CATCH_UP_PAGE}`;
      let page: CatchUpPage | null = null;
      try {
        const response = await request(url, { cookie: this.user.cookie, timeoutMs: PATIENCE_MS });
        if (response.status === 200) page = JSON.parse(response.body) as CatchUpPage;
        else ledger.countHttpError(`catch-up HTTP ${response.status}`);
      } catch (error) {
        const { slow, kind } = classify(error);
        if (slow) ledger.countSlow(`catch-up: ${kind}`);
        else ledger.countHttpError(`catch-up: ${kind}`);
      }
      if (!page) {
        // Tried again after a pause, as the next reconnect or visibility change would in a browser.
        if (++failures >= MAX_ATTEMPTS) return;
        await sleep(FIRST_BACKOFF_MS * 2 ** (failures - 1));
        continue;
      }
      for (const message of page.messages) ledger.receive(this.user.id, message, "catch-up");
      const newest = page.messages.at(-1)?.id;
      if (newest !== undefined) this.syncedThrough.set(conversation.id, newest);
      if (!page.hasMore) return;
    }
  }
}

/**
 * A failed request by kind: a slow answer (the overloaded server took the request and kept it past
 * the timeout, or could not even accept the connection in time) or an error (a refusal, a reset).
 */
function classify(error: unknown): { slow: boolean; kind: string } {
  if (error instanceof NoAnswerError) return { slow: true, kind: `no answer within ${PATIENCE_MS / 1000} s` };
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "ETIMEDOUT") return { slow: true, kind: "connect timed out (ETIMEDOUT)" };
  return { slow: false, kind: code ?? (error instanceof Error ? error.message : String(error)) };
}
