import { ApiError } from "@/lib/client/api-client";
import type { AttachmentDTO, MentionDTO, MessageDTO } from "@/lib/dto";

/** A message this tab has sent and the server has not confirmed: what survives a reload. */
export type OutboxItem = {
  clientId: string;
  body: string;
  replyTo?: MessageDTO["replyTo"];
  createdAt: number;
  /** Files uploaded for this clientId; the server binds them to the message once, however often it is sent. */
  attachments?: AttachmentDTO[];
  /** Whom its tokens mention, named as the chat's member list had them when it was written: the chat list's preview says them with these. */
  mentions?: MentionDTO[];
};

export type PendingMessage = OutboxItem & {
  /** sending: on its way or queued behind an earlier one; waiting: failed for a passing reason, tried again soon. */
  status: "sending" | "waiting" | "failed";
  error?: string;
  retryable?: boolean;
};

export type SendQueueOptions = {
  deliver: (item: OutboxItem) => Promise<MessageDTO>;
  onDelivered: (message: MessageDTO) => void;
  onChange: (items: PendingMessage[]) => void;
  /** How long a message keeps being retried by itself before it shows Failed and waits for the person. */
  budgetMs?: number;
  random?: () => number;
  /** The browser knows it has no network: a send waits for it without using up its budget (it is kept: outbox.ts). */
  offline?: () => boolean;
};

export const RETRY_BUDGET_MS = 90_000;
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 8_000;
const OFFLINE_RECHECK_MS = 15_000;
const OFFLINE = "You are offline.";

/** Exponential backoff with jitter (half to all of the step), never sooner than the server asked. */
export function retryDelay(attempt: number, retryAfterMs: number | undefined, random: () => number): number {
  const step = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
  return Math.max(retryAfterMs ?? 0, Math.round(step * (0.5 + random() / 2)));
}

/**
 * One conversation's sends, delivered one at a time in the order they were written: a later message
 * is never stored before an earlier one that is still being retried. A send that fails for a passing
 * reason (no network, a 5xx, a 429) is sent again with the same clientId, which the server stores at
 * most once, until it succeeds or its time budget runs out; only then, or on an error that retrying
 * cannot fix, is it marked failed for the person to retry or discard.
 */
export class SendQueue {
  private items: PendingMessage[] = [];
  private deadlines = new Map<string, number>();
  private running = false;
  private closed = false;
  private wake: (() => void) | null = null;
  private readonly options: Required<SendQueueOptions>;

  constructor(options: SendQueueOptions) {
    this.options = { budgetMs: RETRY_BUDGET_MS, random: Math.random, offline: () => false, ...options };
  }

  /** Queues messages (new ones, or ones restored after a reload) behind those already queued. */
  add(...outbox: OutboxItem[]): void {
    const fresh = outbox.filter((o) => !this.items.some((i) => i.clientId === o.clientId));
    if (fresh.length === 0) return;
    for (const o of fresh) this.deadlines.set(o.clientId, Date.now() + this.options.budgetMs);
    // Written with no network: "Not sent yet" at once, rather than a "Sending…" that cannot be true.
    const offline = this.options.offline();
    this.update([...this.items, ...fresh.map((o) => (offline ? { ...o, status: "waiting" as const, error: OFFLINE } : { ...o, status: "sending" as const }))]);
    void this.run();
  }

  /** The person asked to send a failed message again: it gets a new time budget, in its place in line. */
  retry(clientId: string): void {
    const item = this.items.find((i) => i.clientId === clientId);
    if (item?.status !== "failed") return;
    this.deadlines.set(clientId, Date.now() + this.options.budgetMs);
    this.patch(clientId, { status: "sending", error: undefined, retryable: undefined });
    void this.run();
  }

  discard(clientId: string): void {
    this.update(this.items.filter((i) => i.clientId !== clientId));
  }

  /** Stored, as the realtime echo or a catch-up showed: nothing more to send for these. */
  confirm(clientIds: Iterable<string>): void {
    const confirmed = new Set(clientIds);
    if (this.items.some((i) => confirmed.has(i.clientId))) this.update(this.items.filter((i) => !confirmed.has(i.clientId)));
  }

  /** A sign that the server may be back (the network or the realtime connection returned): try now. */
  nudge(): void {
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.nudge();
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const next = this.items.find((i) => i.status !== "failed");
        if (this.closed || !next) return;
        await this.deliverOne(next);
      }
    } finally {
      this.running = false;
    }
  }

  private async deliverOne(item: PendingMessage): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (this.closed || !this.has(item.clientId)) return;
      if (!this.options.offline() && this.items.find((i) => i.clientId === item.clientId)?.status === "waiting") {
        this.patch(item.clientId, { status: "sending", error: undefined });
      }
      try {
        const message = await this.options.deliver(item);
        if (this.closed) return;
        this.confirm([item.clientId]);
        this.options.onDelivered(message);
        return;
      } catch (thrown) {
        if (this.closed || !this.has(item.clientId)) return;
        const error = thrown instanceof ApiError ? thrown : new ApiError(0, "network", "Could not reach the server.");
        if (error.status === 0 && this.options.offline()) {
          // No network at all: "Not sent yet" until it returns (the online event nudges), then a fresh budget.
          // Every message behind it waits too: none goes before it does.
          this.update(this.items.map((i) => (i.status === "failed" ? i : { ...i, status: "waiting" as const, error: OFFLINE })));
          await this.sleep(OFFLINE_RECHECK_MS);
          this.deadlines.set(item.clientId, Date.now() + this.options.budgetMs);
          attempt = -1;
          continue;
        }
        // The last try falls at the end of the budget, unless the server asked for a longer wait.
        const left = (this.deadlines.get(item.clientId) ?? 0) - Date.now();
        if (!error.retryable || left <= 0 || (error.retryAfterMs ?? 0) > left) {
          this.patch(item.clientId, { status: "failed", error: error.message, retryable: error.retryable });
          return;
        }
        this.patch(item.clientId, { status: "waiting", error: error.message });
        await this.sleep(Math.min(left, retryDelay(attempt, error.retryAfterMs, this.options.random)));
        this.patch(item.clientId, { status: "sending" });
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private has(clientId: string): boolean {
    return this.items.some((i) => i.clientId === clientId);
  }

  private patch(clientId: string, change: Partial<PendingMessage>): void {
    if (this.has(clientId)) this.update(this.items.map((i) => (i.clientId === clientId ? { ...i, ...change } : i)));
  }

  private update(items: PendingMessage[]): void {
    this.items = items;
    for (const id of this.deadlines.keys()) if (!this.has(id)) this.deadlines.delete(id);
    this.options.onChange(items);
  }
}
