"use client";

import { useMemo, useState } from "react";
import { useChannelEvent } from "@/components/realtime/use-channel-event";
import { displayName } from "@/lib/display-name";
import type { UserSummary } from "@/lib/dto";

/** The open chat's members by id and by username: how senders, quotes, reactions, typing and receipts are named. */
export type MemberNames = {
  /** Everyone in the chat, as they name themselves now (whom `@` offers). */
  members: UserSummary[];
  byId: (id: string) => UserSummary | undefined;
  /** Quotes and reactions name people by username. */
  byUsername: (username: string) => UserSummary | undefined;
  /** The display name of a member, else the username given (someone who has left the chat). */
  nameOf: (username: string, id?: string) => string;
};

/**
 * The member list the chat page read once, kept live by member.updated on the conversation's
 * channel (a rename or new picture). Messages carry only their sender's id and username, so a send
 * costs no read of names; the browser names the sender from here. A newer list from the server
 * (the page refreshed after a membership change) replaces both the list and what events had changed.
 */
export function useMemberNames(channel: string, initial: UserSummary[]): MemberNames {
  const [base, setBase] = useState(initial);
  const [changed, setChanged] = useState<ReadonlyMap<string, UserSummary>>(new Map());
  if (base !== initial) {
    setBase(initial);
    setChanged(new Map());
  }
  useChannelEvent(channel, "member.updated", (member) => setChanged((current) => new Map(current).set(member.id, member)));

  return useMemo(() => {
    const byId = new Map(base.map((m) => [m.id, m]));
    for (const [id, member] of changed) byId.set(id, member);
    const byUsername = new Map([...byId.values()].map((m) => [m.username, m]));
    // A username someone gave up names its new holder only if that is still who the id says.
    const lookUp = (username: string, id?: string) => (id !== undefined ? byId.get(id) : byUsername.get(username));
    return {
      members: [...byId.values()],
      byId: (id) => byId.get(id),
      byUsername: (username) => byUsername.get(username),
      nameOf: (username, id) => {
        const member = lookUp(username, id);
        return member ? displayName(member) : username;
      },
    };
  }, [base, changed]);
}
