import { z } from "zod";
import { conversationIdSchema, messageIdSchema, userIdSchema, wholeNumberSchema } from "./ids";
import { storableText } from "./text";

export const SIGN_UP_MODES = ["open", "invite-only", "closed"] as const;
export type SignUpMode = (typeof SIGN_UP_MODES)[number];

const flag = z.union([z.boolean(), z.enum(["on", "true", "false", "off"]).transform((v) => v === "on" || v === "true")]);

export const signUpPolicySchema = z.object({
  mode: z.enum(SIGN_UP_MODES, { error: "Choose open, invite-only or closed." }),
  membersMayInvite: flag.default(false),
});

export const inviteInputSchema = z.object({
  // An hour to 30 days; 1 to 100 people.
  expiresInHours: wholeNumberSchema(1).pipe(z.number().max(720, "An invitation lasts at most 30 days.")),
  maxUses: wholeNumberSchema(1).pipe(z.number().max(100, "An invitation admits at most 100 people.")),
});

/** The secret in an invitation link: 32 base64url characters. */
export const inviteTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{32}$/, "This invitation link is not valid.");

export const accountQuerySchema = z.object({
  q: z.string().max(100).optional().default(""),
  page: wholeNumberSchema(1).optional().default(1),
});

export const targetUserSchema = z.object({ userId: userIdSchema });
export const setAdminSchema = z.object({ userId: userIdSchema, admin: flag });
export const setDeactivatedSchema = z.object({ userId: userIdSchema, deactivated: flag });

export const reportSchema = z.object({
  messageId: messageIdSchema,
  reason: storableText(
    z
      .string({ error: "Say why you report this message." })
      .trim()
      .min(1, "Say why you report this message.")
      .max(500, "A reason can be at most 500 characters."),
  ),
});

export const resolveReportSchema = z.object({
  reportId: wholeNumberSchema(1),
  resolution: z.enum(["deleted", "deactivated", "dismissed"], { error: "Choose what to do with the report." }),
});

// ---- Public rooms (run by the server's admins) ----

export const roomNameSchema = storableText(
  z.string({ error: "Give the room a name." }).trim().min(1, "Give the room a name.").max(64, "Room names can be at most 64 characters."),
);

export const createRoomSchema = z.object({ name: roomNameSchema });
export const renameRoomSchema = z.object({ conversationId: conversationIdSchema, name: roomNameSchema });
export const setRoomArchivedSchema = z.object({ conversationId: conversationIdSchema, archived: flag });
/** A moderator is named by username on /admin, as the admin knows them; normalised as sign-up stores it. */
export const setRoomModeratorSchema = z.object({
  conversationId: conversationIdSchema,
  username: z.string({ error: "Name a member of the room." }).trim().toLowerCase().min(1, "Name a member of the room.").max(64, "Name a member of the room."),
  moderator: flag,
});

export type CreateRoomInput = z.infer<typeof createRoomSchema>;
export type RenameRoomInput = z.infer<typeof renameRoomSchema>;
