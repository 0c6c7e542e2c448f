"use client";

import { useSyncExternalStore } from "react";

const CHANGED = "messenger:notification-permission";
const subscribe = (onChange: () => void) => {
  window.addEventListener(CHANGED, onChange);
  return () => window.removeEventListener(CHANGED, onChange);
};
const permission = () => (typeof Notification === "undefined" ? "unsupported" : Notification.permission);

/** Asks for browser notifications once, and only when the person chooses to. */
export function NotificationToggle() {
  const current = useSyncExternalStore(subscribe, permission, () => "unsupported");
  if (current !== "default") return null;
  return (
    <button
      type="button"
      onClick={() => void Notification.requestPermission().then(() => window.dispatchEvent(new Event(CHANGED)))}
      className="m-2 w-[calc(100%-1rem)] rounded-lg border border-indigo-200 px-3 py-1.5 text-left text-sm text-indigo-700 hover:bg-indigo-50 dark:border-indigo-900 dark:text-indigo-300 dark:hover:bg-indigo-950"
    >
      Enable desktop notifications
    </button>
  );
}
