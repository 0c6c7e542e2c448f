"use client";

import { useEffect, useState } from "react";

/** setTimeout's longest delay; a later moment is waited for in steps. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * The current time, read again when each of these moments passes (a mute ending), so that what
 * depends on it is shown again then without polling.
 */
export function useNow(...moments: (number | null | undefined)[]): number {
  const [now, setNow] = useState(() => Date.now());
  const next = Math.min(...moments.filter((m): m is number => typeof m === "number" && m > now));
  useEffect(() => {
    if (!Number.isFinite(next)) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(MAX_DELAY, Math.max(0, next - Date.now()) + 50));
    return () => clearTimeout(timer);
  }, [next]);
  return now;
}
