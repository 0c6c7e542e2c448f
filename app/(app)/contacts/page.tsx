import type { Metadata } from "next";
import { acceptFriendRequestAction, cancelFriendRequestAction, declineFriendRequestAction, removeContactAction } from "@/app/(app)/contacts/actions";
import { ActionButton } from "@/components/people/action-button";
import { PersonRow } from "@/components/people/person-row";
import { PresenceLabel } from "@/components/people/presence-label";
import { PageHeader } from "@/components/ui/page-header";
import { listContacts, listFriendRequests } from "@/lib/dal/contacts";
import { requirePageUser } from "@/lib/dal/session";

export const metadata: Metadata = { title: "Contacts" };

function Section({ title, empty, children, count }: { title: string; empty: string; count: number; children: React.ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="border-b border-zinc-200 py-2 dark:border-zinc-800">
      <h2 id={id} className="px-4 py-2 text-sm font-semibold uppercase tracking-wide text-zinc-500">
        {title} {count > 0 && <span className="font-normal">({count})</span>}
      </h2>
      {count === 0 ? <p className="px-4 pb-2 text-sm text-zinc-500">{empty}</p> : <ul aria-label={title}>{children}</ul>}
    </section>
  );
}

export default async function ContactsPage() {
  const me = await requirePageUser();
  const [requests, contacts] = await Promise.all([listFriendRequests(me), listContacts(me)]);
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <PageHeader title="Contacts" />
      <div className="min-h-0 flex-1 overflow-y-auto">
        <Section title="Requests" count={requests.incoming.length} empty="No one is waiting for an answer.">
          {requests.incoming.map((p) => (
            <li key={p.id}>
              <PersonRow person={p}>
                <ActionButton action={acceptFriendRequestAction} userId={p.id} label="Accept" accessibleName={`Accept ${p.username}`} tone="primary" />
                <ActionButton action={declineFriendRequestAction} userId={p.id} label="Decline" accessibleName={`Decline ${p.username}`} />
              </PersonRow>
            </li>
          ))}
        </Section>
        <Section title="Sent" count={requests.outgoing.length} empty="No requests of yours are waiting.">
          {requests.outgoing.map((p) => (
            <li key={p.id}>
              <PersonRow person={p}>
                <ActionButton action={cancelFriendRequestAction} userId={p.id} label="Cancel" accessibleName={`Cancel request to ${p.username}`} />
              </PersonRow>
            </li>
          ))}
        </Section>
        <Section title="Your contacts" count={contacts.length} empty="No contacts yet. Find people and send them a request.">
          {contacts.map((p) => (
            <li key={p.id}>
              <PersonRow person={p} detail={<PresenceLabel variant="people" presence={p.presence} />}>
                <ActionButton action={removeContactAction} userId={p.id} label="Remove" accessibleName={`Remove ${p.username} from contacts`} />
              </PersonRow>
            </li>
          ))}
        </Section>
      </div>
    </div>
  );
}
