import { afterEach, beforeEach, vi } from "vitest";

/** Every test of the file (or describe block) runs on vitest's fake timers, and gets the real ones back when done. */
export function fakeTimersInEachTest() {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
