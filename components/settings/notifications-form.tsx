"use client";

import { useEffect, useState } from "react";
import { FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/action-result";

type DeviceState = "checking" | "unsupported" | "off" | "on" | "blocked";

async function pushRequest(method: "POST" | "DELETE" | "PUT", path: string, body: unknown): Promise<void> {
  const response = await fetch(path, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) {
    const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(answer?.error?.message ?? "Could not reach the server. Try again.");
  }
}

/** The browser's push subscription, when a service worker runs here (production builds). */
async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration();
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/**
 * Push notifications for when no Messenger tab is open: a switch for this device (this browser's
 * subscription, kept on the server for the person signed in), and a choice for every device of
 * theirs to be told who wrote but never what.
 */
export function NotificationsForm({ vapidPublicKey, hidePreviews: initialHide }: { vapidPublicKey: string | null; hidePreviews: boolean }) {
  const [device, setDevice] = useState<DeviceState>("checking");
  const [hidePreviews, setHidePreviews] = useState(initialHide);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<ActionResult>({ ok: true });

  useEffect(() => {
    const supported = Boolean(vapidPublicKey) && "serviceWorker" in navigator && "PushManager" in window && typeof Notification !== "undefined";
    const registration = supported ? navigator.serviceWorker.getRegistration() : Promise.resolve(undefined);
    void registration.then(async (found) => {
      if (!found) return setDevice("unsupported");
      if (Notification.permission === "denied") return setDevice("blocked");
      setDevice((await found.pushManager.getSubscription()) ? "on" : "off");
    });
  }, [vapidPublicKey]);

  const toggleDevice = async (on: boolean) => {
    setBusy(true);
    setStatus({ ok: true });
    try {
      if (on) {
        if ((await Notification.requestPermission()) !== "granted") {
          setDevice("blocked");
          return;
        }
        const registration = await navigator.serviceWorker.ready;
        const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: vapidPublicKey! });
        await pushRequest("POST", "/api/push/subscriptions", { subscription: subscription.toJSON() });
        setDevice("on");
        setStatus({ ok: true, message: "Notifications are on for this device." });
      } else {
        const subscription = await currentSubscription();
        if (subscription) {
          await pushRequest("DELETE", "/api/push/subscriptions", { endpoint: subscription.endpoint });
          await subscription.unsubscribe();
        }
        setDevice("off");
        setStatus({ ok: true, message: "Notifications are off for this device." });
      }
    } catch (error) {
      setStatus({ ok: false, message: error instanceof Error ? error.message : "Something went wrong." });
    } finally {
      setBusy(false);
    }
  };

  const toggleHide = async (hide: boolean) => {
    setBusy(true);
    // Shown at once, put back if the server refuses.
    setHidePreviews(hide);
    try {
      await pushRequest("PUT", "/api/push/preferences", { hidePreviews: hide });
      setStatus({ ok: true, message: hide ? "Notifications will not show message text." : "Notifications will show the start of each message." });
    } catch (error) {
      setHidePreviews(!hide);
      setStatus({ ok: false, message: error instanceof Error ? error.message : "Something went wrong." });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="flex flex-col gap-2 text-sm">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={device === "on"}
          disabled={busy || device === "checking" || device === "unsupported" || device === "blocked"}
          onChange={(e) => void toggleDevice(e.target.checked)}
        />
        Notify me on this device when no Messenger tab is open
      </label>
      {device === "unsupported" && (
        <p className="text-zinc-500">
          {vapidPublicKey ? "This browser cannot receive push notifications here." : "This server does not send push notifications."}
        </p>
      )}
      {device === "blocked" && <p className="text-zinc-500">Notifications are blocked for this site in the browser&apos;s settings.</p>}
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={hidePreviews} disabled={busy} onChange={(e) => void toggleHide(e.target.checked)} />
        Hide previews: say who wrote, never what
      </label>
      <FormStatus state={status} />
    </div>
  );
}
