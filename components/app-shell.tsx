"use client";

import { usePathname } from "next/navigation";

/**
 * Two panes (conversations | content) on wide screens; one pane on a phone, showing the list on the
 * home page and the content everywhere else.
 */
export function AppShell({ sidebar, children }: { sidebar: React.ReactNode; children: React.ReactNode }) {
  const atHome = usePathname() === "/";
  return (
    // The rest of the screen below the connection banner, when there is one.
    <div className="flex min-h-0 flex-1 overflow-hidden">
      <aside className={`${atHome ? "flex" : "hidden"} w-full flex-col border-r border-zinc-200 md:flex md:w-80 md:shrink-0 dark:border-zinc-800`}>
        {sidebar}
      </aside>
      <main className={`${atHome ? "hidden" : "flex"} min-w-0 flex-1 flex-col md:flex`}>{children}</main>
    </div>
  );
}
