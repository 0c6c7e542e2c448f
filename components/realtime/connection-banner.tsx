"use client";

import { useEffect, useState } from "react";
import { useRealtime } from "./realtime-provider";

// Long enough for a first connection to open and a brief blip to pass; a connection still not open
// after it (the realtime server went away, or was down as the app opened) is worth saying so.
const QUIET_MS = 2500;

/** Says so when live updates are not flowing; stays quiet through a brief blip. */
export function ConnectionBanner() {
  const { state } = useRealtime();
  const down = state === "connecting" || state === "unavailable" || state === "failed" || state === "disconnected";
  const [delayPassed, setDelayPassed] = useState(false);
  useEffect(() => {
    if (!down) return;
    const timer = setTimeout(() => setDelayPassed(true), QUIET_MS);
    return () => {
      clearTimeout(timer);
      setDelayPassed(false);
    };
  }, [down]);
  if (!down || !delayPassed) return null;
  return (
    <div role="status" className="fixed inset-x-0 top-0 z-50 bg-amber-500 px-4 py-1 text-center text-sm font-medium text-black">
      Reconnecting… messages you send are saved and will appear for others when live updates return.
    </div>
  );
}
