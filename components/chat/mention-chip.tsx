"use client";

import { AppLink } from "@/components/ui/app-link";
import { createContext, useContext } from "react";
import { displayName } from "@/lib/display-name";
import type { MentionDTO } from "@/lib/dto";
import { DELETED_MENTION, mentionIdsIn, splitMentions } from "@/lib/mentions";
import { LinkifiedText } from "./linkified-text";
import type { MemberNames } from "./use-member-names";

type Mentions = { mentions: MentionDTO[]; names?: MemberNames; meId?: string };

/**
 * The mentions of the message being shown, for its text to render chips: given by the bubble so that
 * the Markdown renderer in between need not carry them.
 */
const MentionsContext = createContext<Mentions | null>(null);

export function MentionsProvider({ children, ...value }: Mentions & { children: React.ReactNode }) {
  if (value.mentions.length === 0) return children;
  return <MentionsContext value={value}>{children}</MentionsContext>;
}

/** A pending message's mentions: the chat's members its tokens name (the server checks them again). */
export function pendingMentions(body: string, names?: MemberNames): MentionDTO[] {
  if (!names) return [];
  return mentionIdsIn(body).flatMap((id) => {
    const member = names.byId(id);
    return member ? [{ id, username: member.username, name: displayName(member) }] : [];
  });
}

/**
 * Text with each mention as a chip that opens the person's profile, named as they are now (the
 * chat's live member list first, else as the message was read); a deleted account's says so. A
 * token that is no mention of this message is text, as written.
 */
export function MentionedText({ text, tabIndex }: { text: string; tabIndex?: number }) {
  const context = useContext(MentionsContext);
  if (!context || !text.includes("@[")) return <LinkifiedText text={text} tabIndex={tabIndex} />;
  const { mentions, names, meId } = context;
  return splitMentions(text).map((part, i) => {
    if ("text" in part) return <LinkifiedText key={i} text={part.text} tabIndex={tabIndex} />;
    const mention = mentions.find((m) => m.id === part.userId);
    if (!mention) return <LinkifiedText key={i} text={part.token} tabIndex={tabIndex} />;
    const member = names?.byId(mention.id);
    const username = member?.username ?? mention.username;
    const name = member ? displayName(member) : mention.name;
    const chip = `rounded px-1 font-medium ${mention.id === meId ? "bg-amber-200 text-amber-950" : "bg-black/10 dark:bg-white/15"}`;
    if (username === null || name === null) {
      return (
        <span key={i} className={`${chip} italic`} data-mention="">
          {DELETED_MENTION}
        </span>
      );
    }
    return (
      <AppLink key={i} href={`/u/${encodeURIComponent(username)}`} tabIndex={tabIndex} className={`${chip} hover:underline`} data-mention={mention.id}>
        <bdi>@{name}</bdi>
      </AppLink>
    );
  });
}
