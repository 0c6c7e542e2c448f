import { z } from "zod";
import { conversationIdSchema, messageIdSchema, userIdSchema } from "./ids";
import { storableText } from "./text";

export const MAX_GROUP_MEMBERS = 500;

export const groupNameSchema = storableText(
  z
    .string({ error: "Give the group a name." })
    .trim()
    .min(1, "Give the group a name.")
    .max(64, "Group names can be at most 64 characters."),
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
