import { unblockUserAction } from "@/app/(app)/contacts/actions";
import { ActionButton } from "@/components/people/action-button";
import { PersonRow } from "@/components/people/person-row";
import type { UserSummary } from "@/lib/dto";

export function BlockedList({ people }: { people: UserSummary[] }) {
  if (people.length === 0) return <p className="text-sm text-zinc-500">You have not blocked anyone.</p>;
  return (
    <ul aria-label="Blocked people" className="-mx-4">
      {people.map((p) => (
        <li key={p.id}>
          <PersonRow person={p}>
            <ActionButton action={unblockUserAction} userId={p.id} label="Unblock" accessibleName={`Unblock ${p.username}`} />
          </PersonRow>
        </li>
      ))}
    </ul>
  );
}
