/**
 * Arrival times of events by key, stamped with `performance.now()` in the receiver's callback, so
 * the sender's clock and the receiver's clock are the same clock.
 */
export class Arrivals {
  private readonly times = new Map<string, number>();
  private readonly waiters = new Map<string, (time: number) => void>();
  /** Keys seen more than once: each should arrive exactly once. */
  duplicates = 0;

  record(key: string): void {
    const now = performance.now();
    if (this.times.has(key)) {
      this.duplicates++;
      return;
    }
    this.times.set(key, now);
    this.waiters.get(key)?.(now);
    this.waiters.delete(key);
  }

  get(key: string): number | undefined {
    return this.times.get(key);
  }

  get size(): number {
    return this.times.size;
  }

  /** The arrival time of `key`, or null if it has not come within `timeoutMs`. */
  wait(key: string, timeoutMs: number): Promise<number | null> {
    const seen = this.times.get(key);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        resolve(null);
      }, timeoutMs);
      this.waiters.set(key, (time) => {
        clearTimeout(timer);
        resolve(time);
      });
    });
  }
}
