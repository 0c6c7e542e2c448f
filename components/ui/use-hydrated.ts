"use client";

import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False while the server renders and while the browser hydrates that HTML, true from then on. What
 * depends on the viewer's zone, locale or clock renders only once this is true: the server knows
 * none of them, and text it rendered would stay wrong (or need suppressHydrationWarning to be kept).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
