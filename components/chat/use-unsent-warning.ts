"use client";

import { useEffect } from "react";

/**
 * While messages wait to be sent, closing or leaving the tab asks first: they are kept (in
 * IndexedDB: outbox.ts), but where the browser has no Background Sync they reach no one
 * until a Messenger tab is opened again.
 */
export function useUnsentWarning(unsent: boolean): void {
  useEffect(() => {
    if (!unsent) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers ask only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [unsent]);
}
