import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { conversation, conversationMember, user } from "@/db/schema";
import { PRESET_IDS } from "@/lib/avatar/presets";
import { processAvatarUpload, renderPreset, type AvatarImages } from "@/lib/avatar/process";
import { AVATAR_ID_PATTERN, AVATAR_SIZES, type AvatarSize } from "@/lib/avatar/url";
import { AppError } from "@/lib/errors";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import { publishAll, type Publication } from "@/lib/realtime/server";
import { parseInput } from "@/lib/validations/parse";
import { deleteAvatarIfUnused, putAvatar, readAvatar } from "@/lib/storage/avatars";
import { takeRateLimits } from "./rate-limit";
import { listProfileAudience } from "./internal/users";
import { summaryColumns, type Actor } from "./users";

const presetSchema = z.enum(PRESET_IDS as [string, ...string[]], { error: "Pick one of the pictures shown." });
const imageRefSchema = z.object({
  id: z.string().regex(AVATAR_ID_PATTERN),
  size: z.enum(Object.keys(AVATAR_SIZES) as [AvatarSize, ...AvatarSize[]]),
});

/** Checks and re-encodes an upload, then makes it the actor's avatar. Nothing changes when it is refused. */
export async function setAvatarFromUpload(actor: Actor, bytes: Uint8Array): Promise<string> {
  await takeAvatarUpload(actor);
  const images = await processAvatarUpload(bytes);
  await adoptAvatar(actor, images);
  return images.id;
}

/**
 * Counts an upload of the actor's (own or a group's) before its bytes are decoded, which is the
 * cost the limit guards, so a file that turns out unreadable counts too.
 */
export async function takeAvatarUpload(actor: Actor): Promise<void> {
  await takeRateLimits([{ name: "avatarUploadsUser", subject: actor.id }]);
}

export async function setPresetAvatar(actor: Actor, presetId: unknown): Promise<string> {
  const preset = parseInput(presetSchema, presetId) as (typeof PRESET_IDS)[number];
  const images = await renderPreset(preset);
  await adoptAvatar(actor, images);
  return images.id;
}

/** Back to the generated default (initials on a colour). */
export async function removeAvatar(actor: Actor): Promise<void> {
  await setAvatarId(actor, null);
}

/** Avatar images are public by design: the URL is a content hash that only someone shown the image knows. */
export async function getAvatarImage(id: unknown, size: unknown): Promise<Buffer> {
  const ref = parseInput(imageRefSchema, { id, size });
  const image = await readAvatar(ref.id, ref.size);
  if (!image) throw new AppError("not_found:avatar");
  return image;
}

async function adoptAvatar(actor: Actor, images: AvatarImages): Promise<void> {
  // Another person dropping this same image (a shared preset) may delete it between our store and
  // our reference; storing it again and retrying once closes that window.
  for (let attempt = 1; ; attempt++) {
    await putAvatar(images);
    try {
      await setAvatarId(actor, images.id);
      return;
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
}

async function setAvatarId(actor: Actor, avatarId: string | null): Promise<void> {
  const db = await getDb();
  const current = await db.query.user.findFirst({ where: eq(user.id, actor.id), columns: { avatarId: true } });
  if (!current) throw new AppError("unauthorized:session");
  if (current.avatarId === avatarId) return;
  await db.update(user).set({ avatarId }).where(eq(user.id, actor.id));
  if (current.avatarId) await deleteAvatarIfUnused(current.avatarId);
  await announceProfile(actor.id);
}

/**
 * Tells everyone who shows this person that their name or picture changed: their lists and pages
 * (profile.updated on the audience's own channels), and every chat they are in, public rooms too
 * (member.updated, carrying the new names, on each conversation channel: one event per chat however
 * many members it has, which open chats apply as it comes). A deleted account (`audience` given,
 * the person gone) has no names left to tell.
 */
export async function announceProfile(userId: string, audience?: string[]): Promise<void> {
  const ids = audience ?? (await listProfileAudience(userId));
  const publications: Publication[] = [{ channels: ids.map(userChannel), event: "profile.updated", payload: { userId } }];
  if (!audience) {
    const db = await getDb();
    const [profile, chats] = await Promise.all([
      db.select(summaryColumns).from(user).where(eq(user.id, userId)).get(),
      db
        .select({ id: conversation.id, epoch: conversation.channelEpoch })
        .from(conversationMember)
        .innerJoin(conversation, eq(conversation.id, conversationMember.conversationId))
        .where(eq(conversationMember.userId, userId)),
    ]);
    if (profile && chats.length > 0) {
      publications.push({ channels: chats.map((c) => conversationChannel(c.id, c.epoch)), event: "member.updated", payload: profile });
    }
  }
  await publishAll(publications);
}
