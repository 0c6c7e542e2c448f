/** A read mark follows the first unread message after this long (the browser waits for the list to settle). */
export const READ_MARK_DELAY_MS = 400;
/** And at most one mark per conversation this often while messages keep arriving. */
export const READ_MARK_EVERY_MS = 5000;

/**
 * The browser's read marks for one open conversation: when a message of someone else is shown, one
 * mark for the newest such message goes out READ_MARK_DELAY_MS later, but never sooner than
 * READ_MARK_EVERY_MS after the previous mark; whatever arrives meanwhile is covered by that mark.
 * `post` makes the request; a failed mark is not retried (the next message schedules the next one).
 */
export class ReadMarks {
  private seenNewest = 0;
  private markedThrough = 0;
  private lastMarkAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: Promise<void> | null = null;
  private release: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly post: (messageId: number) => Promise<void>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A message of someone else is shown in the open chat. */
  seen(messageId: number): void {
    if (this.closed || messageId <= this.markedThrough) return;
    this.seenNewest = Math.max(this.seenNewest, messageId);
    this.schedule();
  }

  /** Resolves when no mark is waiting or in flight. */
  async settled(): Promise<void> {
    while (this.pending) await this.pending;
  }

  /** The tab is gone: nothing more is sent. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.release?.();
  }

  private schedule(): void {
    if (this.pending) return;
    const delay = Math.max(READ_MARK_DELAY_MS, this.lastMarkAt + READ_MARK_EVERY_MS - this.now());
    this.pending = new Promise<void>((resolve) => {
      this.release = () => {
        this.pending = null;
        this.release = undefined;
        resolve();
      };
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush().finally(() => {
          this.release?.();
          // Shown while that mark was in flight: the next one, on the same schedule.
          if (!this.closed && this.seenNewest > this.markedThrough) this.schedule();
        });
      }, delay);
    });
  }

  private async flush(): Promise<void> {
    if (this.closed || this.seenNewest <= this.markedThrough) return;
    this.markedThrough = this.seenNewest;
    this.lastMarkAt = this.now();
    await this.post(this.markedThrough).catch(() => {});
  }
}
