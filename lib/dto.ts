/** Shapes that cross from the server to the browser: plain JSON, no database types. */
export type UserSummary = {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  /** The uploaded or preset picture (a content hash), or null for the generated default. */
  avatarId: string | null;
  /**
   * An admin deactivated the account (issue 19): shown as "Deactivated" wherever the person is.
   * Absent where a summary is made without the database (a message's sender), read as false.
   */
  deactivated?: boolean;
};

export type MessageDTO = {
  id: number;
  conversationId: string;
  clientId: string;
  kind: "text" | "system";
  /** Null once deleted. */
  body: string | null;
  sender: { id: string; username: string } | null;
  replyTo: { id: number; body: string | null; senderUsername: string | null } | null;
  /**
   * A copy forwarded from another message: its author as they name themselves now (a rename shows),
   * or null once that account is gone ("Deleted user"). Null for a message that was not forwarded.
   */
  forwardedFrom: { sender: { id: string; username: string; name: string } | null } | null;
  createdAt: number;
  editedAt: number | null;
  deletedAt: number | null;
  /** In first-reacted order; usernames of who reacted. */
  reactions: { emoji: string; users: string[] }[];
  /** Files sent with the message, in the order chosen; empty once deleted. */
  attachments: AttachmentDTO[];
  /** The members it mentions (its body's `@[id]` tokens that are mentions, lib/mentions.ts); empty once deleted. */
  mentions: MentionDTO[];
};

/** A mentioned person as they name themselves now; `username` and `name` null once the account is gone. */
export type MentionDTO = { id: string; username: string | null; name: string | null };

/**
 * A file in a message. Its bytes are fetched from /api/attachments/{id}/{thumb|full|download}, which
 * checks membership every time. Only an `image` (re-encoded by the server) is ever shown inline.
 */
export type AttachmentDTO = {
  id: string;
  name: string;
  size: number;
  /** Sniffed from the bytes, never the sender's word. */
  type: string;
  kind: "image" | "file";
  /** The shown image's size, for a bubble to reserve before it loads; null for a file. */
  width: number | null;
  height: number | null;
};

/** A message pinned in a chat, as its pinned bar shows it. */
export type PinnedMessage = {
  messageId: number;
  body: string;
  senderUsername: string | null;
  /** Who pinned it; null once that account is gone. */
  pinnedBy: string | null;
  pinnedAt: number;
};

/** How far one member has read a conversation. */
export type ReadState = { userId: string; username: string; lastReadMessageId: number };

/**
 * The reader's own position in a chat, how many messages of others are still unread after it (and
 * how many of those mention the reader), and
 * the reader's unread total over all their chats (the tab title's count).
 */
export type ReadPosition = { lastReadMessageId: number; unreadCount: number; unreadTotal: number; mentionCount: number };

export type SearchResult = {
  messageId: number;
  conversationId: string;
  conversationTitle: string;
  senderUsername: string | null;
  /** The sender's display name (first and last name, else username); null for a deleted account. */
  senderName: string | null;
  createdAt: number;
  /** The matching text with matches between \uE000 and \uE001 (never HTML). */
  snippet: string;
  /** "📷 Photo", "📎 report.pdf": the message's files, when it has any. */
  attachmentLabel: string | null;
};

export type ConversationSummary = {
  id: string;
  kind: "direct" | "group" | "public";
  title: string;
  /** The other person, for direct chats. */
  peer: UserSummary | null;
  /** A public room an admin archived: read-only, its history still readable. */
  archived: boolean;
  /** The group's picture, or the other person's in a direct chat; null for the generated default. */
  avatarId: string | null;
  /** Its realtime channel name (changes when a member is removed). */
  channel: string;
  lastMessage: {
    id: number;
    kind: "text" | "system";
    body: string | null;
    senderUsername: string | null;
    createdAt: number;
  } | null;
  unreadCount: number;
  /** Messages after the read position that mention the viewer (the list's "@" marker). */
  mentionCount: number;
  /** Muted by the viewer until this time (ms since the epoch), null when not muted (lib/mute-rules.ts). */
  mutedUntil: number | null;
  lastReadMessageId: number;
  activityAt: number;
};

/** A page of the chat list; `next` fetches the one after it, null at the end. */
export type ConversationPage = { conversations: ConversationSummary[]; next: string | null; unreadTotal: number };

/** Online status and last seen, shown to contacts only. */
export type Presence = { online: boolean; lastSeenAt: number | null };

/** How the viewer stands with another person. */
export type Relationship = {
  contact: "none" | "outgoing" | "incoming" | "accepted";
  /** The viewer blocked them. Whether they blocked the viewer is never told. */
  blocked: boolean;
};

/** `deactivated`: an admin deactivated the account (issue 19); its profile says so to everyone. */
export type ProfileDTO = UserSummary & { bio: string; createdAt: number; deactivated: boolean };

export type ContactEntry = UserSummary & { since: number; presence: Presence };

export type FriendRequestEntry = UserSummary & { sentAt: number };
