import { AppLink } from "@/components/ui/app-link";
import { AppShell } from "@/components/app-shell";
import { ConversationList } from "@/components/chat/conversation-list";
import { ConversationListProvider } from "@/components/chat/conversation-list-provider";
import { ContactsNavLink } from "@/components/people/contacts-nav-link";
import { LiveRefresh } from "@/components/people/live-refresh";
import { ConnectionBanner } from "@/components/realtime/connection-banner";
import { PresenceHeartbeat } from "@/components/realtime/presence-heartbeat";
import { SignedInOfflineSupport } from "@/components/pwa/service-worker";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { Avatar } from "@/components/ui/avatar";
import { getAccount } from "@/lib/dal/account";
import { isServerAdmin } from "@/lib/dal/admin";
import { countIncomingRequests } from "@/lib/dal/contacts";
import { listConversationPage } from "@/lib/dal/conversations";
import { getHidePreviews } from "@/lib/dal/push";
import { requirePageUser } from "@/lib/dal/session";
import { env } from "@/lib/env";
import { signOutAction } from "../(auth)/actions";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const me = await requirePageUser();
  const [conversations, account, pendingRequests, hidePreviews, admin] = await Promise.all([
    listConversationPage(me),
    getAccount(me),
    countIncomingRequests(me),
    getHidePreviews(me),
    isServerAdmin(me.id),
  ]);
  const tab = "rounded-md px-2.5 py-1 font-medium hover:bg-zinc-100 dark:hover:bg-zinc-900";
  const tabs = [
    ["/", "Chats"],
    ["/people", "People"],
    ["/contacts", "Contacts"],
    ["/settings", "Settings"],
    ["/rooms", "Rooms"],
    ["/search", "Search"],
    ...(admin ? ([["/admin", "Admin"]] as const) : []),
  ] as const;
  const sidebar = (
    <>
      <header className="flex items-center gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <AppLink href={`/u/${me.username}`} className="flex min-w-0 flex-1 items-center gap-2" title="Your profile">
          <Avatar name={me.username} avatarId={account.avatarId} size={32} />
          <span className="truncate font-semibold">{me.username}</span>
        </AppLink>
        <form action={signOutAction}>
          <button type="submit" className="rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-900">
            Sign out
          </button>
        </form>
      </header>
      <nav aria-label="Main" className="flex flex-wrap gap-1 border-b border-zinc-200 px-2 py-2 text-sm dark:border-zinc-800">
        {tabs.map(([href, label]) =>
          // Contacts carries the count of requests waiting for an answer.
          href === "/contacts" ? (
            <ContactsNavLink key={href} pending={pendingRequests} className={tab} />
          ) : (
            <AppLink key={href} href={href} className={tab}>
              {label}
            </AppLink>
          ),
        )}
      </nav>
      <ConversationList userId={me.id} />
    </>
  );
  return (
    <RealtimeProvider config={env().realtimeClient}>
      <ConnectionBanner />
      <PresenceHeartbeat />
      <SignedInOfflineSupport userId={me.id} />
      <LiveRefresh userId={me.id} />
      <ConversationListProvider userId={me.id} initial={conversations} hidePreviews={hidePreviews}>
        <AppShell sidebar={sidebar}>{children}</AppShell>
      </ConversationListProvider>
    </RealtimeProvider>
  );
}
