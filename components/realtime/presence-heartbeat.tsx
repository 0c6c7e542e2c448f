"use client";

import { useEffect } from "react";

const EVERY_MS = 30_000;

/** Keeps the signed-in user "online" while the app is open anywhere; stops when it is closed. */
export function PresenceHeartbeat() {
  useEffect(() => {
    const beat = () => void fetch("/api/presence", { method: "POST" }).catch(() => {});
    beat();
    const timer = setInterval(beat, EVERY_MS);
    return () => clearInterval(timer);
  }, []);
  return null;
}
