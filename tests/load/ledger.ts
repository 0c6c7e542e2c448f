/**
 * Everything the simulated users saw, on this process's one clock (`performance.now()`): each send
 * and what became of it, each message each user received and how, and every error by kind. The
 * checks afterwards compare it with the database.
 */
export type Send = {
  clientId: string;
  senderId: string;
  conversationId: string;
  /** When the user pressed send: the schedule's time, so a late generator shows as latency. */
  scheduledAt: number;
  attempts: number;
  /** The stored message's id, once an attempt was answered 201 (or 200 for a retry the server had already stored). */
  acceptedId: number | null;
  acceptedAt: number | null;
  gaveUp: boolean;
};

/** How a message reached a user: its channel, a catch-up page, or (for its sender) the POST's answer. */
export type Via = "live" | "catch-up" | "sent";
export type Receipt = { conversationId: string; at: number; via: Via };

export class Ledger {
  readonly sends = new Map<string, Send>();
  /** By user id, then message id: the first receipt of each message (later ones are duplicates). */
  readonly receipts = new Map<string, Map<number, Receipt>>();
  /** The same message id reaching the same user twice over the realtime channel. */
  readonly duplicates: { userId: string; messageId: number }[] = [];
  /** A retried send's message announced again and received again: expected, merged by id. */
  republished = 0;
  /** A catch-up page repeating a message the user already held, or the reverse: expected, merged by id. */
  overlaps = 0;
  /** Send start to first receipt, at each member other than the sender. */
  readonly latencies: number[] = [];
  readonly httpErrors = new Map<string, number>();
  /** Requests given up on for slowness and retried: how overload looks to a client, reported as speed. */
  readonly slow = new Map<string, number>();
  /** Catch-up requests the server shed (429 while busy) and that were asked again after its Retry-After. */
  readonly shed = new Map<string, number>();
  /** Each first receipt's latency with its time: the storm after a realtime restart is read from these. */
  readonly timedLatencies: { at: number; ms: number }[] = [];
  readonly realtimeErrors = new Map<string, number>();
  /** `conversation.activity` events on each user's own channel, by user id. */
  readonly activity = new Map<string, number>();
  /**
   * Users whose conversation list was fetched again after their own channel came back from a
   * dropped connection: what a browser does instead of replaying the activity it missed.
   */
  readonly listRefetchedAfterDrop = new Set<string>();
  /** Every request the simulated users made to the app, by route (ids left out), retries included. */
  readonly requests = new Map<string, number>();
  /** Once the run is over, disconnecting clients is not an error. */
  closing = false;

  countHttpError(kind: string): void {
    this.httpErrors.set(kind, (this.httpErrors.get(kind) ?? 0) + 1);
  }

  countRequest(route: string): void {
    this.requests.set(route, (this.requests.get(route) ?? 0) + 1);
  }

  countShed(kind: string): void {
    this.shed.set(kind, (this.shed.get(kind) ?? 0) + 1);
  }

  countSlow(kind: string): void {
    this.slow.set(kind, (this.slow.get(kind) ?? 0) + 1);
  }

  countRealtimeError(kind: string): void {
    if (this.closing) return;
    this.realtimeErrors.set(kind, (this.realtimeErrors.get(kind) ?? 0) + 1);
  }

  /** One message reaching one user; false when the user already held it. */
  receive(userId: string, message: { id: number; conversationId: string; clientId?: string }, via: Via): boolean {
    let held = this.receipts.get(userId);
    if (!held) this.receipts.set(userId, (held = new Map()));
    const now = performance.now();
    const first = held.get(message.id);
    if (first) {
      if (via === "live" && first.via === "live") {
        // A send that needed several attempts may be announced again by design (the attempt that
        // stored it may have died before publishing); the client merges by id. Anything else is a duplicate.
        const retried = (this.sends.get(message.clientId ?? "")?.attempts ?? 1) > 1;
        if (retried) this.republished++;
        else this.duplicates.push({ userId, messageId: message.id });
      }
      // The sender's echo of its own message is expected; a catch-up repeating what was held is counted.
      else if (via === "catch-up" || first.via === "catch-up") this.overlaps++;
      return false;
    }
    held.set(message.id, { conversationId: message.conversationId, at: now, via });
    const send = message.clientId === undefined ? undefined : this.sends.get(message.clientId);
    if (send && send.senderId !== userId) {
      this.latencies.push(now - send.scheduledAt);
      this.timedLatencies.push({ at: send.scheduledAt, ms: now - send.scheduledAt });
    }
    return true;
  }

  get accepted(): Send[] {
    return [...this.sends.values()].filter((s) => s.acceptedId !== null);
  }
}
