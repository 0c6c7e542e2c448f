"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { useRealtime } from "./realtime-provider";

function onOnlineChange(listener: () => void): () => void {
  window.addEventListener("online", listener);
  window.addEventListener("offline", listener);
  return () => {
    window.removeEventListener("online", listener);
    window.removeEventListener("offline", listener);
  };
}

// Long enough for a first connection to open and a brief blip to pass; a connection still not open
// after it (the realtime server went away, or was down as the app opened) is worth saying so.
const QUIET_MS = 2500;

/**
 * Says so when live updates are not flowing; stays quiet through a brief blip. A lost network is
 * known at once from the browser: the realtime connection would notice it only when a ping goes
 * unanswered, some 30 s later. It sits above the app, never over it (the body is a column: app/layout.tsx).
 */
export function ConnectionBanner() {
  const { state } = useRealtime();
  const online = useSyncExternalStore(
    onOnlineChange,
    () => navigator.onLine,
    () => true,
  );
  const down = !online || state === "connecting" || state === "unavailable" || state === "failed" || state === "disconnected";
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
    <div role="status" className="shrink-0 bg-amber-500 px-4 py-1 text-center text-sm font-medium text-black">
      {online
        ? "Reconnecting… messages you send are saved and will appear for others when live updates return."
        : // The page may be one the service worker kept (public/sw.js): say so, rather than an error page.
          "You are offline. Reconnecting… this device shows what it kept, and sends what you write when you are back online."}
    </div>
  );
}
