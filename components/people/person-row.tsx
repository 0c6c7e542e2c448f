import { AppLink } from "@/components/ui/app-link";
import { Fragment } from "react";
import { Avatar } from "@/components/ui/avatar";
import { displayName, fullName } from "@/lib/display-name";
import type { UserSummary } from "@/lib/dto";

/**
 * First and last name, each isolated (<bdi>): a direction override inside one cannot reorder the
 * other or the text around them.
 */
export function FullName({ person }: { person: { firstName: string; lastName: string } }) {
  const parts = [person.firstName, person.lastName].filter((part) => part.trim() !== "");
  return parts.map((part, i) => (
    <Fragment key={i}>
      {i > 0 && " "}
      <bdi>{part}</bdi>
    </Fragment>
  ));
}

/** A person in a list: picture, name (username under it), linking to their profile; `children` sit on the right. */
export function PersonRow({ person, detail, children }: { person: UserSummary; detail?: React.ReactNode; children?: React.ReactNode }) {
  const name = fullName(person);
  return (
    <div className="flex items-center gap-3 px-4 py-3">
      <AppLink href={`/u/${person.username}`} className="flex min-w-0 flex-1 items-center gap-3 hover:underline">
        <Avatar name={displayName(person)} avatarId={person.avatarId} />
        <span className="min-w-0">
          <span className="block truncate font-medium">
            {name ? <FullName person={person} /> : person.username}
            {person.deactivated && <span className="ml-2 text-xs font-normal text-zinc-500">Deactivated</span>}
          </span>
          {name && <span className="block truncate text-sm text-zinc-500">{person.username}</span>}
          {detail && <span className="block truncate text-xs text-zinc-500">{detail}</span>}
        </span>
      </AppLink>
      {children && <div className="flex shrink-0 items-center gap-2">{children}</div>}
    </div>
  );
}
