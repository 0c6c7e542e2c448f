"use client";

import { useHydrated } from "@/components/ui/use-hydrated";

/** An invitation's full link, built from the address the admin reached the app at. */
export function InviteLink({ token }: { token: string }) {
  const hydrated = useHydrated();
  const path = `/sign-up?invite=${token}`;
  const href = hydrated ? `${window.location.origin}${path}` : path;
  return (
    <input
      readOnly
      aria-label="Invitation link"
      value={href}
      onFocus={(e) => e.currentTarget.select()}
      className="w-full min-w-0 rounded border border-zinc-300 bg-transparent px-2 py-1 font-mono text-xs dark:border-zinc-700"
    />
  );
}
