import { sql, type InferSelectModel } from "drizzle-orm";
import { type AnySQLiteColumn, check, index, integer, primaryKey, sqliteTable, text, uniqueIndex, blob } from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const user = sqliteTable(
  "user",
  {
    id: text("id").primaryKey(),
    // Stored lower-case: sign-up normalises, and the unique index makes the rule hold in the database too.
    username: text("username").notNull(),
    passwordHash: text("password_hash").notNull(),
    firstName: text("first_name").notNull().default(""),
    lastName: text("last_name").notNull().default(""),
    bio: text("bio").notNull().default(""),
    avatarId: text("avatar_id").references(() => avatar.id, { onDelete: "set null" }),
    // Bumped to revoke every JWT issued before ("sign out everywhere", password change).
    sessionVersion: integer("session_version").notNull().default(0),
    // Presence: set while the user's own channel is occupied (Soketi webhooks); last_seen_at is
    // refreshed by the open app's heartbeat, so a vanished client goes stale on its own.
    onlineSince: integer("online_since", { mode: "timestamp_ms" }),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }),
    // The latest channel_occupied: only a socket opened after a departure makes that departure old
    // news. A heartbeat cannot, since one sent before the tab closed may be handled after its close.
    occupiedAt: integer("occupied_at", { mode: "timestamp_ms" }),
    // Push notifications say only who wrote, never what ("hide previews" in settings).
    hidePreviews: integer("hide_previews", { mode: "boolean" }).notNull().default(false),
    // The server's own role (issue 19): the first account on a fresh database is its admin.
    role: text("role", { enum: ["member", "admin"] })
      .notNull()
      .default("member"),
    // Set by an admin: signed out everywhere, refused at sign-in, shown as deactivated; messages stay.
    deactivatedAt: integer("deactivated_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("user_username_unique").on(sql`lower(${t.username})`), check("user_username_lower", sql`${t.username} = lower(${t.username})`)],
);

/** Re-encoded images (user and group avatars), kept in the database so that no disk is needed. */
export const avatar = sqliteTable("avatar", {
  // Content hash: the serving URL changes whenever the image does, so it can be cached forever.
  id: text("id").primaryKey(),
  large: blob("large", { mode: "buffer" }).notNull(),
  small: blob("small", { mode: "buffer" }).notNull(),
  createdAt: createdAt(),
});

export const conversation = sqliteTable(
  "conversation",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["direct", "group", "public"] }).notNull(),
    name: text("name"),
    avatarId: text("avatar_id").references(() => avatar.id, { onDelete: "set null" }),
    // "<smaller user id>:<larger user id>" for direct chats, so that a pair has exactly one.
    directKey: text("direct_key"),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    // Part of the realtime channel name. Bumped when a member is removed, so that their existing
    // subscription hears nothing more and cannot be renewed.
    channelEpoch: integer("channel_epoch").notNull().default(0),
    // The newest message, kept by a trigger on insert (migration 0005): the list reads it in one step.
    lastMessageId: integer("last_message_id"),
    // A public room an admin archived (issue 19): read-only, its history still readable by members.
    archivedAt: integer("archived_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("conversation_direct_key_unique").on(t.directKey),
    // Public rooms are found by name in the directory: two of one name, letter case aside, would confuse.
    uniqueIndex("conversation_public_name_unique")
      .on(sql`lower(${t.name})`)
      .where(sql`${t.kind} = 'public'`),
    index("conversation_kind_idx").on(t.kind),
    check("conversation_direct_key", sql`(${t.kind} = 'direct') = (${t.directKey} IS NOT NULL)`),
  ],
);

export const conversationMember = sqliteTable(
  "conversation_member",
  {
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversation.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    // "admin" in a group; "moderator" in a public room (set by a server admin): deletes any message there.
    role: text("role", { enum: ["member", "admin", "moderator"] })
      .notNull()
      .default("member"),
    // Who put this member in a group (null for the creator, rooms and direct chats): the one the
    // member can block as they leave.
    addedBy: text("added_by").references((): AnySQLiteColumn => user.id, { onDelete: "set null" }),
    joinedAt: integer("joined_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    lastReadMessageId: integer("last_read_message_id").notNull().default(0),
    // The conversation's summary as this member's list needs it, kept by triggers in the transaction
    // that changes a message or the read position (migration 0005), so that a page of the list costs
    // what it shows: when the conversation was last active (its newest message, else its creation),
    // and how many messages of others, not deleted, are after the read position.
    activityAt: integer("activity_at").notNull().default(0),
    unreadCount: integer("unread_count").notNull().default(0),
    // Muted for this member until this time (ms; MUTED_FOREVER until unmuted), null when not muted:
    // no notification or sound, and not in the tab title's unread total (lib/dal/mutes.ts).
    mutedUntil: integer("muted_until"),
    // How many messages of others after the read position mention this member, not deleted: the
    // list's "@" marker, kept by the triggers of migration 0016 as unread_count is.
    mentionCount: integer("mention_count").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.userId] }),
    // A member's list, newest activity first, is a range of this index read backwards.
    index("conversation_member_user_activity_idx").on(t.userId, t.activityAt, t.conversationId),
    // The unread total subtracts a person's muted chats: a range of their few muted rows, never all.
    index("conversation_member_muted_idx")
      .on(t.userId, t.mutedUntil)
      .where(sql`${t.mutedUntil} IS NOT NULL`),
  ],
);

// Everything unread across a person's conversations, the sum of their member rows' `unread_count`,
// kept by a trigger on that column (migration 0009) so the tab title's total is one lookup however
// many chats have something unread. A row appears with the first unread message.
export const userUnread = sqliteTable("user_unread", {
  userId: text("user_id")
    .primaryKey()
    .references(() => user.id, { onDelete: "cascade" }),
  total: integer("total").notNull().default(0),
});

export const message = sqliteTable(
  "message",
  {
    // Server-assigned and strictly increasing (AUTOINCREMENT never reuses an id): the order of a chat.
    id: integer("id").primaryKey({ autoIncrement: true }),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversation.id, { onDelete: "cascade" }),
    // Null once the sender deleted their account: the message stays, shown as "Deleted user".
    senderId: text("sender_id").references(() => user.id, { onDelete: "set null" }),
    // Chosen by the sender's browser; (sender, client id) is stored once, which makes sends idempotent.
    clientId: text("client_id").notNull(),
    kind: text("kind", { enum: ["text", "system"] })
      .notNull()
      .default("text"),
    body: text("body").notNull(),
    replyToId: integer("reply_to_id").references((): AnySQLiteColumn => message.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    editedAt: integer("edited_at", { mode: "timestamp_ms" }),
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    // What the chat list and search show for the message's files ("📷 Photo", "📎 report.pdf"), set
    // in the send's transaction; null for a message without files.
    attachmentLabel: text("attachment_label"),
    // A copy forwarded from another message: shown as "Forwarded from <its author>". The author is
    // kept by id so that a rename shows; null once that account is gone, while `forwarded` stays.
    forwarded: integer("forwarded", { mode: "boolean" }).notNull().default(false),
    forwardedFromId: text("forwarded_from_id").references((): AnySQLiteColumn => user.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("message_sender_client_unique").on(t.senderId, t.clientId),
    // Pages of a conversation read (conversation, id); sender and deleted_at ride along so that
    // unread counts (messages of others, not deleted, after the read position) never visit the table.
    index("message_conversation_id_idx").on(t.conversationId, t.id, t.senderId, t.deletedAt),
    index("message_reply_to_idx").on(t.replyToId),
  ],
);

/**
 * A file uploaded for a message. It is created (pending) before its bytes are uploaded, becomes ready
 * once the server has sniffed (and, for an image, re-encoded) it, and is bound to its message in the
 * send's transaction: the message the uploader sends with this client id. One never bound is removed
 * after a day. The storage keys are random, never derived from anything a person can guess.
 */
export const attachment = sqliteTable(
  "attachment",
  {
    id: text("id").primaryKey(),
    uploaderId: text("uploader_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversation.id, { onDelete: "cascade" }),
    // The clientId of the message it is for: retries of that send bind the same files, once.
    clientId: text("client_id").notNull(),
    messageId: integer("message_id").references(() => message.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
    name: text("name").notNull(),
    // Declared before the upload; the stored object's real size once ready.
    size: integer("size").notNull(),
    // Sniffed from the bytes once uploaded; "" while pending.
    type: text("type").notNull().default(""),
    kind: text("kind", { enum: ["image", "file"] })
      .notNull()
      .default("file"),
    status: text("status", { enum: ["pending", "ready"] })
      .notNull()
      .default("pending"),
    width: integer("width"),
    height: integer("height"),
    storageKey: text("storage_key").notNull(),
    thumbKey: text("thumb_key"),
    createdAt: createdAt(),
  },
  (t) => [
    index("attachment_message_idx").on(t.messageId, t.position),
    index("attachment_uploader_client_idx").on(t.uploaderId, t.clientId),
    index("attachment_orphan_idx")
      .on(t.createdAt)
      .where(sql`${t.messageId} IS NULL`),
  ],
);

export const reaction = sqliteTable(
  "reaction",
  {
    messageId: integer("message_id")
      .notNull()
      .references(() => message.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    emoji: text("emoji").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId, t.emoji] })],
);

/**
 * A member mentioned by a message (its body holds the token `@[user id]`, lib/mentions.ts): written
 * in the send's transaction, and again by an edit, for members of the chat only. The mentioned
 * person is kept by id without a reference, so that a mention of an account since deleted still
 * shows, as "Deleted user". Triggers keep each member's `mention_count` from these rows.
 */
export const messageMention = sqliteTable(
  "message_mention",
  {
    messageId: integer("message_id")
      .notNull()
      .references(() => message.id, { onDelete: "cascade" }),
    conversationId: text("conversation_id").notNull(),
    userId: text("user_id").notNull(),
  },
  // A member's mentions in a chat after their read position: a range of the second index.
  (t) => [primaryKey({ columns: [t.messageId, t.userId] }), index("message_mention_user_idx").on(t.userId, t.conversationId, t.messageId)],
);

/** A pinned message: either person in a direct chat, an admin in a group, pins (lib/dal/pins.ts). */
export const pinnedMessage = sqliteTable(
  "pinned_message",
  {
    messageId: integer("message_id")
      .primaryKey()
      .references(() => message.id, { onDelete: "cascade" }),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversation.id, { onDelete: "cascade" }),
    pinnedBy: text("pinned_by").references(() => user.id, { onDelete: "set null" }),
    pinnedAt: integer("pinned_at").notNull(),
  },
  // A chat's pins, newest first: a range of this index.
  (t) => [index("pinned_message_conversation_idx").on(t.conversationId, t.pinnedAt)],
);

/** A friend request while pending, a contact once accepted; one row per pair, either direction. */
export const contact = sqliteTable(
  "contact",
  {
    requesterId: text("requester_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    addresseeId: text("addressee_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["pending", "accepted"] })
      .notNull()
      .default("pending"),
    createdAt: createdAt(),
    acceptedAt: integer("accepted_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    primaryKey({ columns: [t.requesterId, t.addresseeId] }),
    index("contact_addressee_idx").on(t.addresseeId),
    check("contact_not_self", sql`${t.requesterId} <> ${t.addresseeId}`),
  ],
);

export const block = sqliteTable(
  "block",
  {
    blockerId: text("blocker_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    blockedId: text("blocked_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.blockerId, t.blockedId] }), index("block_blocked_idx").on(t.blockedId)],
);

/** Webhook bodies already processed, so that a replayed (captured) request changes nothing. */
export const webhookReceipt = sqliteTable("webhook_receipt", {
  digest: text("digest").primaryKey(),
  receivedAt: integer("received_at").notNull(),
});

/**
 * Fixed-window counters shared by every app instance (rate limits must hold across instances): one
 * row per limited thing, its current window's start (ms since the epoch) and the count in it.
 */
export const rateLimit = sqliteTable(
  "rate_limit",
  {
    key: text("key").primaryKey(),
    windowStart: integer("window_start").notNull(),
    count: integer("count").notNull(),
  },
  // Pruning deletes the windows that ended long ago: a range of this index, not a scan of the table.
  (t) => [index("rate_limit_window_start_idx").on(t.windowStart)],
);

/**
 * A browser's Web Push subscription (settings, per device), for the person signed in there when it
 * was made. One endpoint is one browser profile: subscribing it again, as whoever signs in there
 * next, moves it. It is used only while that sign-in's session version is current, so "sign out
 * everywhere" or a password change stops its notifications too; the push service's 404 or 410
 * (the browser unsubscribed, or the subscription expired) removes it.
 */
export const pushSubscription = sqliteTable(
  "push_subscription",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    endpoint: text("endpoint").notNull(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    sessionVersion: integer("session_version").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("push_subscription_endpoint_unique").on(t.endpoint), index("push_subscription_user_idx").on(t.userId)],
);

/** Server-wide settings an admin chooses on /admin (sign-up mode, who may invite), one row each. */
export const serverSetting = sqliteTable("server_setting", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** An invitation link: its id is the secret in the link. */
export const invite = sqliteTable(
  "invite",
  {
    id: text("id").primaryKey(),
    createdBy: text("created_by").references(() => user.id, { onDelete: "cascade" }),
    maxUses: integer("max_uses").notNull(),
    uses: integer("uses").notNull().default(0),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("invite_created_by_idx").on(t.createdBy)],
);

/** A member's report of a message; open until an admin acts on it. */
export const report = sqliteTable(
  "report",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    messageId: integer("message_id")
      .notNull()
      .references(() => message.id, { onDelete: "cascade" }),
    reporterId: text("reporter_id").references(() => user.id, { onDelete: "set null" }),
    reason: text("reason").notNull(),
    createdAt: createdAt(),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
    resolvedBy: text("resolved_by").references((): AnySQLiteColumn => user.id, { onDelete: "set null" }),
    resolution: text("resolution", { enum: ["deleted", "deactivated", "dismissed"] }),
  },
  (t) => [index("report_open_idx").on(t.resolvedAt, t.id), uniqueIndex("report_once_idx").on(t.messageId, t.reporterId)],
);

/**
 * Every admin action: who (kept by name too, so an entry outlives the account), what, on whom or
 * what, when. Shown on /admin; part of no one's personal export.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: text("actor_id").references(() => user.id, { onDelete: "set null" }),
    actorUsername: text("actor_username").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull().default(""),
    detail: text("detail").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_created_idx").on(t.createdAt)],
);

export type User = InferSelectModel<typeof user>;
export type Conversation = InferSelectModel<typeof conversation>;
export type ConversationMember = InferSelectModel<typeof conversationMember>;
export type Message = InferSelectModel<typeof message>;
export type Attachment = InferSelectModel<typeof attachment>;
export type Reaction = InferSelectModel<typeof reaction>;
export type Contact = InferSelectModel<typeof contact>;
