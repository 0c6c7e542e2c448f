import { randomUUID } from "node:crypto";
import type Pusher from "pusher-js";
import type { ConversationPage, MessageDTO, ReadPosition } from "@/lib/dto";
import { ChannelAuthBatcher, RefusedChannel, type ChannelGrant } from "@/lib/realtime/auth-batcher";
import { typingChannelOf, userChannel } from "@/lib/realtime/channels";
import { keepReconnecting } from "@/lib/realtime/reconnect";
import type { PartialMessage, RealtimeEvents } from "@/lib/realtime/events";
import { sleep } from "@/tests/support/async";
import { NoAnswerError, request } from "@/tests/support/http";
import { messageBody, postMessage } from "@/tests/support/messages";
import { connect, signInViaRoute, subscribe, type RealtimeTarget } from "@/tests/support/realtime";
import type { SeededUser } from "@/tests/support/seed";
import type { Ledger, Send } from "./ledger";
import type { LoadConversation } from "./population";
import { ReadMarks } from "@/components/chat/read-marks";

// The browser's retry policy (lib/client/api-client.ts: network errors, 5xx and 429 are worth retrying),
// with the same clientId each time, so the server stores the message at most once.
const MAX_ATTEMPTS = 5;
const FIRST_BACKOFF_MS = 500;
const CATCH_UP_PAGE = 200;
const RECONNECT_TIMEOUT_MS = 20_000;
// A browser's fetch and pusher-js's authorizer wait for an answer without a limit of their own: a
// slow server shows as latency. This bounds a request that never comes back at all.
const PATIENCE_MS = 120_000;
/** The close code of a socket the server ended, and how long the browser waits before it connects again. */
const TERMINATED = 4009;
const TERMINATED_SETTLE_MS = 2000;
/** Entries kept of a user's trace: enough for a short run's story. */
const TRACE_LIMIT = 400;

type CatchUpPage = { messages: MessageDTO[]; hasMore: boolean };
/** As the browser's list (components/chat/conversation-list.tsx): typing hints for its first rows. */
const TYPING_HINT_ROWS = 8;
/** As the browser's useOnSubscribed: what a reconnect fetches waits a random moment of up to this. */
const RESUBSCRIBED_JITTER_MS = 2000;

export type LoadTarget = {
  baseURL: string;
  realtime: RealtimeTarget;
  ledger: Ledger;
};

/**
 * The routes the simulated users' requests are counted under: the same names the browser
 * amplification bench gives the browser's requests (bench/scenarios/browsers.ts), so the two compare.
 */
export const ROUTES = {
  send: "POST /api/conversations/:id/messages",
  read: "POST /api/conversations/:id/read",
  catchUp: "GET /api/conversations/:id/messages?after&limit",
  newestPage: "GET /api/conversations/:id/messages",
  list: "GET /api/conversations?limit",
  auth: "POST /api/realtime/auth/batch",
  userAuth: "POST /api/realtime/user-auth",
} as const;

/**
 * One person with the app open on one chat, making exactly the requests its browser makes for each
 * event (tests/load/README.md has the table): a pusher-js connection subscribed, through the app's
 * channel-auth route, to their own channel and to the open chat's; sends over HTTP as the composer
 * does; read marks for what others wrote in the open chat, coalesced as the chat view coalesces
 * them; the conversation list fetched only when an event cannot be applied where it stands; a
 * catch-up from the database when the open chat's subscription comes back, as the chat view does.
 */
export class SimulatedUser {
  private client: Pusher | null = null;
  private readonly catchingUp = new Map<string, Promise<void>>();
  /** Conversations whose catch-up was asked for again while one ran (coalesced into one more round). */
  private readonly catchUpAgain = new Set<string>();
  /**
   * By conversation, the newest id of the last page read from the server: a catch-up starts there,
   * as the chat view's does, not after the newest id held. Ids are given out as messages are
   * stored but published as each request finishes, so a message held from the channel (or from a
   * send's answer) can be newer than one still on its way; a page holds every message up to its
   * newest id, since writes are serialised. The conversations start empty.
   */
  private readonly syncedThrough = new Map<string, number>();
  /** The conversations the list holds: activity in any other one makes it fetch the list. */
  private readonly listed = new Set<string>();
  /** The list fetch in flight, and whether another event asked for one meanwhile (coalesced into one more). */
  private listing: Promise<void> | null = null;
  private listAgain = false;
  private readonly readMarks: ReadMarks;
  private readonly authorizer: ChannelAuthBatcher;
  /**
   * When the list and the open chat were last brought up to date after their channels came back:
   * after a realtime restart, a user has caught up once both are later than the restart.
   */
  listSyncedAt = 0;
  chatSyncedAt = 0;
  /** When its own channel was last subscribed again after a lost connection. */
  resubscribedAt = 0;
  /**
   * What happened to this user's connection and open chat, with times (performance.now()): printed
   * for the users a run reports messages lost for, so that a loss can be explained.
   */
  readonly trace: [number, string][] = [];

  private note(what: string): void {
    if (this.trace.length < TRACE_LIMIT) this.trace.push([performance.now(), what]);
  }
  /** While set, the connection is down on purpose (dropConnection): not an error. */
  private dropping = false;
  /** Set once the run is over and the user disconnects for good. */
  private closing = false;
  /** Lost its connection on purpose at some point: events on its own channel meanwhile are gone (the app refreshes its list instead). */
  dropped = false;

  constructor(
    readonly user: SeededUser,
    readonly conversations: LoadConversation[],
    /** The chat this user's browser shows; one of `conversations`. */
    readonly open: LoadConversation,
    private readonly target: LoadTarget,
  ) {
    // The browser's own scheduling (components/chat/read-marks.ts); the list is not modelled, so
    // the answers go nowhere.
    this.readMarks = new ReadMarks(
      0,
      (messageId) => this.markRead(messageId),
      () => {},
    );
    // The browser's authorizer (lib/client/realtime.ts): one request for the subscriptions of a turn.
    this.authorizer = new ChannelAuthBatcher(
      async (socketId, channels) => {
        target.ledger.countRequest(ROUTES.auth);
        const response = await request(`${target.baseURL}/api/realtime/auth/batch`, {
          cookie: user.cookie,
          json: { socketId, channels },
          timeoutMs: PATIENCE_MS,
        });
        if (response.status !== 200) {
          target.ledger.countHttpError(`channel auth HTTP ${response.status}`);
          throw new RefusedChannel(response.status, `HTTP ${response.status}`);
        }
        return (JSON.parse(response.body) as { channels: ChannelGrant[] }).channels;
      },
      () => this.client?.connection.socket_id,
    );
  }

  /** The channels the opened app subscribes to: its own, the open chat's, and the typing hints' presence channels. */
  private channels(): string[] {
    const typing = [this.open, ...this.conversations.filter((c) => c.id !== this.open.id).slice(0, TYPING_HINT_ROWS)];
    return [userChannel(this.user.id), this.open.channel, ...typing.map((c) => typingChannelOf(c.channel))];
  }

  /** The realtime server went away on purpose (a restart): the connection's loss is not an error. */
  expectDrop(on: boolean): void {
    this.dropping = on;
    if (on) this.dropped = true;
  }

  /**
   * Connects and subscribes as the opened app does: its own channel, then the open chat's; each
   * first subscription makes the request it makes in the browser (the list, the chat's catch-up).
   * Resolves with the number of subscriptions once Soketi confirmed each.
   */
  async connect(): Promise<number> {
    const { ledger } = this.target;
    const client = await connect(
      this.target.realtime,
      (socketId, channelName) =>
        new Promise((resolve, reject) => this.authorizer.authorize({ socketId, channelName }, (error, data) => (error ? reject(error) : resolve(data!)))),
      async (socketId) => {
        this.target.ledger.countRequest(ROUTES.userAuth);
        return signInViaRoute(this.target.baseURL, this.user.cookie, PATIENCE_MS)(socketId);
      },
    );
    this.client = client;
    // As the browser's client does (lib/client/realtime.ts).
    keepReconnecting(client);
    client.connection.bind("state_change", ({ previous, current }: { previous: string; current: string }) => {
      this.note(`connection ${previous} → ${current}`);
      if (this.dropping) return;
      if (previous === "connected") ledger.countRealtimeError(`connection dropped (${current})`);
      else if (current === "unavailable" || current === "failed") ledger.countRealtimeError(`connection ${current}`);
    });
    client.connection.bind("error", (error: { error?: { data?: { code?: number } } }) => {
      const code = error.error?.data?.code;
      this.note(`connection error ${code ?? ""}`);
      // Ended by the server (4009), pusher-js does not come back by itself; the browser connects
      // again while its session stands (lib/client/realtime.ts), and so does this user's, counted.
      if (code === TERMINATED && !this.closing) {
        ledger.countRealtimeError("connection ended by the server (4009)");
        setTimeout(() => this.closing || client.connect(), TERMINATED_SETTLE_MS);
        return;
      }
      if (this.dropping) return;
      ledger.countRealtimeError(`connection error ${code ?? ""}`.trim());
    });

    // All at once, as the page's components subscribe in one commit: one authorization request.
    const names = this.channels();
    const [own, chat, ...typing] = await Promise.all(names.map((name) => subscribe(client, name)));
    own!.bind("conversation.activity", ({ conversationId }: RealtimeEvents["conversation.activity"]) => {
      ledger.activity.set(this.user.id, (ledger.activity.get(this.user.id) ?? 0) + 1);
      // Applied where it stands in the list; only a chat the list does not hold yet is fetched.
      if (!this.listed.has(conversationId)) void this.refetchList();
    });
    // What an event cannot carry: who is in a chat, how a person is shown.
    for (const event of ["conversation.membership", "contact.changed", "profile.updated"] as const) {
      own!.bind(event, () => void this.refetchList());
    }
    chat!.bind("message.created", (payload: MessageDTO | PartialMessage) => {
      if ("partial" in payload) void this.catchUp(this.open);
      else this.show(payload, "live");
    });
    for (const channel of [own!, chat!, ...typing]) {
      channel.bind("pusher:subscription_error", () => ledger.countRealtimeError("resubscription refused"));
    }
    await Promise.all([this.refetchList(), this.catchUp(this.open)]);

    // Bound after the first confirmation: from here on, a confirmation is a resubscription after a
    // dropped connection. The activity published meanwhile is gone: the list is fetched instead;
    // the chat reads its newest page, and catches up from where it was only if that left a gap.
    // Both after a random moment of up to 2 s, as the browser's useOnSubscribed waits.
    own!.bind("pusher:subscription_succeeded", () => {
      this.resubscribedAt = performance.now();
      void sleep(Math.random() * RESUBSCRIBED_JITTER_MS)
        .then(() => this.refetchList())
        .then(() => {
          this.listSyncedAt = performance.now();
          if (this.dropped) ledger.listRefetchedAfterDrop.add(this.user.id);
        });
    });
    chat!.bind("pusher:subscription_succeeded", () => {
      this.note("open chat subscribed again");
      void sleep(Math.random() * RESUBSCRIBED_JITTER_MS)
        .then(() => this.refreshNewestPage(this.open))
        .then(() => (this.chatSyncedAt = performance.now()));
    });
    return names.length;
  }

  disconnect(): void {
    this.closing = true;
    this.readMarks.close();
    this.client?.disconnect();
  }

  /**
   * The WebSocket goes away for `offMs` (a train tunnel, a proxy restart) while HTTP still works.
   * Whatever is published meanwhile reaches this user only by catching up once pusher-js has
   * reconnected and resubscribed.
   */
  async dropConnection(offMs: number): Promise<void> {
    const client = this.client!;
    this.note(`dropping the connection for ${offMs} ms`);
    this.expectDrop(true);
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
    this.expectDrop(false);
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

  /** Resolves when no catch-up, list fetch or read mark is running or waiting. */
  async settled(): Promise<void> {
    while (this.catchingUp.size > 0 || this.listing) {
      await Promise.all([...this.catchingUp.values(), this.listing]);
    }
    await this.readMarks.settled();
  }

  /** A message of the open chat reaches this user's screen; one of someone else's is then marked read. */
  private show(message: MessageDTO, via: "live" | "catch-up"): void {
    if (via === "live" && message.conversationId === this.open.id) this.note(`live ${message.id}`);
    this.target.ledger.receive(this.user.id, message, via);
    this.readMarks.seen(message.id, message.sender?.id === this.user.id ? 0 : message.id);
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
      ledger.countRequest(ROUTES.send);
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

  /**
   * Everything after the last page read, page by page; one catch-up per conversation at a time. Asked
   * again while one runs, it goes round once more when done, as the chat view's does: the request in
   * flight may have left before what prompted this (a reconnect, a large message).
   */
  private catchUp(conversation: LoadConversation): Promise<void> {
    let running = this.catchingUp.get(conversation.id);
    if (running) {
      this.catchUpAgain.add(conversation.id);
      return running;
    }
    running = this.fetchSinceSynced(conversation).finally(() => this.catchingUp.delete(conversation.id));
    this.catchingUp.set(conversation.id, running);
    return running;
  }

  private async fetchSinceSynced(conversation: LoadConversation): Promise<void> {
    for (;;) {
      this.catchUpAgain.delete(conversation.id);
      const after = this.syncedThrough.get(conversation.id) ?? 0;
      const page = await this.getJson<CatchUpPage>(
        ROUTES.catchUp,
        "catch-up",
        `/api/conversations/${conversation.id}/messages?after=${after}&limit=${CATCH_UP_PAGE}`,
      );
      this.note(`catch-up after ${after}: ${page ? `${page.messages.length} messages to ${page.messages.at(-1)?.id}` : "given up"}`);
      if (!page) return;
      for (const message of page.messages) this.show(message, "catch-up");
      const newest = page.messages.at(-1)?.id;
      if (newest !== undefined) this.syncedThrough.set(conversation.id, newest);
      if (!page.hasMore && !this.catchUpAgain.has(conversation.id)) return;
    }
  }

  /**
   * The newest page of a chat, as the chat view reads it after a reconnect (one request): it brings
   * what was missed and what changed meanwhile. Only when it does not reach back to where the chat
   * was (more than a page missed) does a catch-up follow.
   */
  private async refreshNewestPage(conversation: LoadConversation): Promise<void> {
    const page = await this.getJson<CatchUpPage>(ROUTES.newestPage, "newest page", `/api/conversations/${conversation.id}/messages`);
    const synced = this.syncedThrough.get(conversation.id) ?? 0;
    this.note(`newest page: ${page ? `${page.messages[0]?.id}…${page.messages.at(-1)?.id}${page.hasMore ? ", more" : ""}` : "given up"}, synced ${synced}`);
    if (!page) return;
    const first = page.messages[0]?.id;
    if (first !== undefined && page.hasMore && first > synced + 1) return this.catchUp(conversation);
    for (const message of page.messages) if (message.id > synced) this.show(message, "catch-up");
    const newest = page.messages.at(-1)?.id;
    if (newest !== undefined && newest > synced) this.syncedThrough.set(conversation.id, newest);
  }

  /**
   * A GET as the browser makes it, asked again as it would be: after a 429 (the server shedding
   * load), no sooner than its Retry-After, and after a failure with backoff. Null once given up.
   */
  private async getJson<T>(route: string, what: string, path: string): Promise<T | null> {
    const { ledger, baseURL } = this.target;
    const giveUpAt = performance.now() + PATIENCE_MS;
    for (let failures = 0; ;) {
      ledger.countRequest(route);
      let wait: number;
      try {
        const response = await request(`${baseURL}${path}`, { cookie: this.user.cookie, timeoutMs: PATIENCE_MS });
        if (response.status === 200) return JSON.parse(response.body) as T;
        if (response.status === 429) {
          // Shed while the server is busy: not a failure, asked again after its Retry-After.
          ledger.countShed(what);
          wait = (Number(response.headers["retry-after"]) || 1) * 1000 * (1 + Math.random() / 2);
        } else {
          ledger.countHttpError(`${what} HTTP ${response.status}`);
          wait = FIRST_BACKOFF_MS * 2 ** failures++;
        }
      } catch (error) {
        const { slow, kind } = classify(error);
        if (slow) ledger.countSlow(`${what}: ${kind}`);
        else ledger.countHttpError(`${what}: ${kind}`);
        wait = FIRST_BACKOFF_MS * 2 ** failures++;
      }
      if (failures >= MAX_ATTEMPTS || performance.now() + wait > giveUpAt) return null;
      await sleep(wait);
    }
  }

  /** The conversation list, one fetch at a time; events meanwhile make exactly one more. */
  private refetchList(): Promise<void> {
    if (this.listing) {
      this.listAgain = true;
      return this.listing;
    }
    this.listing = (async () => {
      do {
        this.listAgain = false;
        await this.listConversations();
      } while (this.listAgain);
    })().finally(() => (this.listing = null));
    return this.listing;
  }

  /** The first page of the list, as the browser's list asks for it again (as many as it holds, at least 50). */
  private async listConversations(): Promise<void> {
    const page = await this.getJson<ConversationPage>(ROUTES.list, "conversation list", "/api/conversations?limit=50");
    for (const conversation of page?.conversations ?? []) this.listed.add(conversation.id);
  }

  /** A read mark as the browser posts it; a failure is counted and left for the next mark to carry. */
  private async markRead(messageId: number): Promise<ReadPosition> {
    const { ledger, baseURL } = this.target;
    ledger.countRequest(ROUTES.read);
    let response;
    try {
      response = await request(`${baseURL}/api/conversations/${this.open.id}/read`, {
        cookie: this.user.cookie,
        json: { messageId },
        timeoutMs: PATIENCE_MS,
      });
    } catch (error) {
      const { slow, kind } = classify(error);
      if (slow) ledger.countSlow(`read mark: ${kind}`);
      else ledger.countHttpError(`read mark: ${kind}`);
      throw error;
    }
    if (response.status < 200 || response.status >= 300) {
      ledger.countHttpError(`read mark HTTP ${response.status}`);
      throw new Error(`read mark HTTP ${response.status}`);
    }
    return JSON.parse(response.body) as ReadPosition;
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
