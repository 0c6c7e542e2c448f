import { z } from "zod";
import { conversationIdSchema, messageIdSchema, userIdSchema, wholeNumberSchema } from "./ids";
import { storableText } from "./text";

export const MAX_GROUP_MEMBERS = 500;

export const groupNameSchema = storableText(
  z.string({ error: "Give the group a name." }).trim().min(1, "Give the group a name.").max(64, "Group names can be at most 64 characters."),
);

const userIdList = z
  .array(userIdSchema, { error: "Choose people to add." })
  .max(MAX_GROUP_MEMBERS - 1, `A group can have at most ${MAX_GROUP_MEMBERS} members.`)
  .transform((ids) => [...new Set(ids)]);

export const createGroupSchema = z.object({ name: groupNameSchema, memberIds: userIdList });
export const renameGroupSchema = z.object({ conversationId: conversationIdSchema, name: groupNameSchema });
export const addMembersSchema = z.object({
  conversationId: conversationIdSchema,
  userIds: userIdList.refine((ids) => ids.length > 0, "Choose at least one person to add."),
});
export const memberSchema = z.object({ conversationId: conversationIdSchema, userId: userIdSchema });
export const setAdminSchema = memberSchema.extend({ admin: z.boolean() });

/** A read mark: the newest message the reader has seen. */
export const readMarkSchema = z.object({ messageId: messageIdSchema });
export type ReadMark = z.infer<typeof readMarkSchema>;

export const LIST_PAGE_SIZE = 50;

/** A cursor as lib/list-cursor.ts writes it. */
const listCursorSchema = z
  .string()
  .regex(/^\d{1,16}_[0-9a-f-]{36}$/i, "Unknown place in the list.")
  .transform((value) => {
    const [activityAt, id] = value.split("_") as [string, string];
    return { activityAt: Number(activityAt), id: id.toLowerCase() };
  })
  .pipe(z.object({ activityAt: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), id: conversationIdSchema }));

/** A page of the chat list: after a cursor, or only the chats whose title or person matches `q`. */
export const conversationListSchema = z.object({
  before: listCursorSchema.optional(),
  limit: wholeNumberSchema(1).pipe(z.number().max(100, "At most 100 chats a page.")).default(LIST_PAGE_SIZE),
  q: z
    .string()
    .trim()
    .max(100, "Search for at most 100 characters.")
    .optional()
    .transform((q) => q || undefined),
});
export type ConversationListQuery = z.input<typeof conversationListSchema>;

/** How long a chat stays muted: an hour, eight hours, until unmuted; "off" unmutes. */
export const MUTE_DURATIONS = ["1h", "8h", "forever", "off"] as const;
export const muteSchema = z.object({
  conversationId: conversationIdSchema,
  duration: z.enum(MUTE_DURATIONS, { error: "Choose how long to mute this chat." }),
});
export type MuteInput = z.infer<typeof muteSchema>;
