import { ApiError } from "@/lib/client/api-client";
import type { ReadPosition } from "@/lib/dto";

/** The first mark after a quiet spell waits this long: a burst of arrivals becomes one mark. */
export const READ_MARK_DELAY_MS = 400;
/**
 * While messages keep arriving, at most one mark per chat this often. Each mark is an app request
 * from every reader: seven readers of a chat at five messages a second for ten seconds make three
 * marks each (at 0.4, 6.4 and 12.4 s, the last one covering a message that arrived late), well
 * under half a request per message.
 */
export const READ_MARK_INTERVAL_MS = 6000;

type Send = (messageId: number, options: { keepalive: boolean }) => Promise<ReadPosition>;

/**
 * When to tell the server how far the reader has read one chat. Pure scheduling, no React: the
 * chat view's hook (use-read-marks.ts) gives it the network and the page's lifecycle, and the load
 * test's simulated users use it as it is, so they mark exactly as the browser does.
 */
export class ReadMarks {
  /** The position the server has (its last answer, or the page's). */
  private stored: number;
  /** The newest message seen, of anyone's: what a mark carries. */
  private seenThrough = 0;
  /** The newest message of someone else seen: only these make a mark needed. */
  private othersSeenThrough = 0;
  /** The newest id sent in a mark not yet refused. */
  private sentThrough = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = 0;
  private idle: (() => void)[] = [];
  private closed = false;

  constructor(
    lastReadMessageId: number,
    private readonly send: Send,
    private readonly onAnswer: (position: ReadPosition) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.stored = lastReadMessageId;
  }

  /**
   * The reader has seen the chat through `messageId`; `othersThrough` is the newest message of
   * someone else up to it. My own messages never need a mark: the server moved my position to
   * each as it stored it.
   */
  seen(messageId: number, othersThrough: number): void {
    this.seenThrough = Math.max(this.seenThrough, messageId);
    this.othersSeenThrough = Math.max(this.othersSeenThrough, othersThrough);
    this.schedule();
  }

  /** Sends what is owed at once, with keepalive: the tab is being hidden, closed or left. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.needed()) this.mark(true);
    this.checkIdle();
  }

  close(): void {
    this.flush();
    this.closed = true;
  }

  /** Resolves once no mark is scheduled or on its way (the load test waits for this before it counts). */
  settled(): Promise<void> {
    if (this.timer === undefined && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private checkIdle(): void {
    if (this.timer !== undefined || this.inFlight > 0) return;
    for (const resolve of this.idle.splice(0)) resolve();
  }

  private needed(): boolean {
    return this.othersSeenThrough > Math.max(this.stored, this.sentThrough);
  }

  private schedule(): void {
    if (this.closed || this.timer !== undefined || !this.needed()) return;
    const delay = Math.max(READ_MARK_DELAY_MS, this.lastSentAt + READ_MARK_INTERVAL_MS - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.needed()) this.mark(false);
      this.checkIdle();
    }, delay);
  }

  private mark(keepalive: boolean): void {
    const upTo = this.seenThrough;
    this.sentThrough = upTo;
    this.lastSentAt = this.now();
    this.inFlight++;
    this.send(upTo, { keepalive })
      .then(
        (position) => {
          this.stored = Math.max(this.stored, position.lastReadMessageId);
          this.onAnswer(position);
        },
        (error: unknown) => {
          // Offline or a passing server failure: the next mark (due at the usual pace) carries it.
          // A refusal (signed out, no longer a member) is final.
          if (this.sentThrough === upTo) this.sentThrough = this.stored;
          if (error instanceof ApiError && !error.retryable) this.othersSeenThrough = this.stored;
          this.schedule();
        },
      )
      .finally(() => {
        this.inFlight--;
        this.checkIdle();
      });
  }
}
