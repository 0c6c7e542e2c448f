import { count, eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, expect, it } from "vitest";
import { getDb } from "@/db";
import { avatar, user } from "@/db/schema";
import type { UserSummary } from "@/lib/dto";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import { gif, noisyPng, png, pngHeaderOnly, SVG } from "@/tests/support/images";
import { collect, connectAs, subscribe, until } from "@/tests/support/realtime-client";
import { updateProfile } from "./account";
import { getAvatarImage, removeAvatar, setAvatarFromUpload, setPresetAvatar } from "./avatars";
import { openDirectConversation } from "./conversations";
import { sendMessage } from "./messages";
import { joinPublicRoom } from "./groups";
import { createUser, GENERAL_ROOM_ID, type Actor } from "./users";

let n = 0;
const person = async (): Promise<Actor> => createUser({ username: `pic${++n}`, password: "password-pic" });

async function avatarOf(actor: Actor) {
  const db = await getDb();
  return (await db.query.user.findFirst({ where: eq(user.id, actor.id), columns: { avatarId: true } }))!.avatarId;
}
async function storedAvatars() {
  const db = await getDb();
  return (await db.select({ n: count() }).from(avatar))[0]!.n;
}

const clients: ReturnType<typeof connectAs>[] = [];
afterAll(() => clients.forEach((c) => c.disconnect()));

it("stores an upload, serves both sizes by content hash, and replaces the old image", async () => {
  const ana = await person();
  const first = await setAvatarFromUpload(ana, await png(300, 200));
  expect(await avatarOf(ana)).toBe(first);
  expect(await sharp(await getAvatarImage(first, "large")).metadata()).toMatchObject({ format: "webp", width: 256 });
  expect(await sharp(await getAvatarImage(first, "small")).metadata()).toMatchObject({ format: "webp", width: 64 });

  const second = await setAvatarFromUpload(ana, await gif());
  expect(second).not.toBe(first);
  // The replaced image was nobody else's, so it is gone.
  await expect(getAvatarImage(first, "large")).rejects.toMatchObject({ code: "not_found:avatar", status: 404 });

  await removeAvatar(ana);
  expect(await avatarOf(ana)).toBeNull();
  await expect(getAvatarImage(second, "small")).rejects.toMatchObject({ code: "not_found:avatar" });
});

it.each([
  ["an SVG", () => SVG, "unsupported_media_type:avatar"],
  ["a non-image", async () => Buffer.from("%PDF-1.7 not an image"), "unsupported_media_type:avatar"],
  ["a truncated PNG", async () => (await png(300, 200)).subarray(0, 400), "unprocessable:avatar"],
  ["a 30000×30000 PNG header", async () => pngHeaderOnly(30_000, 30_000), "unprocessable:avatar"],
  ["a 6 MB file", async () => noisyPng(6 * 1024 * 1024), "payload_too_large:avatar"],
])("refuses %s and changes nothing", async (_, make, code) => {
  const ana = await person();
  const kept = await setAvatarFromUpload(ana, await png(200, 200));
  const before = await storedAvatars();
  await expect(setAvatarFromUpload(ana, await make())).rejects.toMatchObject({ code });
  expect(await avatarOf(ana)).toBe(kept);
  expect(await storedAvatars()).toBe(before);
});

it("shares a preset between people and keeps it while anyone still uses it", async () => {
  const [ana, ben] = [await person(), await person()];
  const id = await setPresetAvatar(ana, "ocean");
  expect(await setPresetAvatar(ben, "ocean")).toBe(id);
  await removeAvatar(ana);
  expect((await getAvatarImage(id, "large")).length).toBeGreaterThan(0);
  await expect(setPresetAvatar(ana, "../../etc/passwd")).rejects.toMatchObject({ code: "bad_request:input" });
});

it("refuses malformed image references", async () => {
  await expect(getAvatarImage("abc", "large")).rejects.toMatchObject({ code: "bad_request:input" });
  await expect(getAvatarImage("a".repeat(64), "huge")).rejects.toMatchObject({ code: "bad_request:input" });
  await expect(getAvatarImage("a".repeat(64), "large")).rejects.toMatchObject({ code: "not_found:avatar" });
});

it("tells chat partners live that the picture changed", async () => {
  const [ana, ben, cy] = [await person(), await person(), await person()];
  const chat = await openDirectConversation(ana, ben.id);
  await sendMessage(ana, { conversationId: chat, clientId: crypto.randomUUID(), body: "hi" });
  const [benClient, cyClient] = [connectAs(ben), connectAs(cy)];
  clients.push(benClient, cyClient);
  const toBen = collect<{ userId: string }>(await subscribe(benClient, userChannel(ben.id)), "profile.updated");
  const toCy = collect<{ userId: string }>(await subscribe(cyClient, userChannel(cy.id)), "profile.updated");

  await setPresetAvatar(ana, "forest");
  await until(() => toBen.length === 1);
  expect(toBen[0]).toEqual({ userId: ana.id });
  expect(toCy).toEqual([]);
});

it("tells every chat of a renamed person the new names on its channel, public rooms too, and no other", async () => {
  const [ana, ben, cy] = [await person(), await person(), await person()];
  const chat = await openDirectConversation(ana, ben.id);
  await sendMessage(ana, { conversationId: chat, clientId: crypto.randomUUID(), body: "hi" });
  await joinPublicRoom(ana, GENERAL_ROOM_ID);
  await joinPublicRoom(cy, GENERAL_ROOM_ID);
  const elsewhere = await openDirectConversation(ben, cy.id);
  const [benClient, cyClient] = [connectAs(ben), connectAs(cy)];
  clients.push(benClient, cyClient);
  const inChat = collect<UserSummary>(await subscribe(benClient, conversationChannel(chat)), "member.updated");
  const inGeneral = collect<UserSummary>(await subscribe(cyClient, conversationChannel(GENERAL_ROOM_ID)), "member.updated");
  const inOther = collect<UserSummary>(await subscribe(cyClient, conversationChannel(elsewhere)), "member.updated");

  await updateProfile(ana, { firstName: "Ana", lastName: "Alves", bio: "" });
  await until(() => inChat.length === 1 && inGeneral.length === 1);
  const named = { id: ana.id, username: ana.username, firstName: "Ana", lastName: "Alves", avatarId: null, deactivated: false };
  expect(inChat[0]).toEqual(named);
  expect(inGeneral[0]).toEqual(named);
  await setPresetAvatar(ana, "forest");
  await until(() => inChat.length === 2);
  expect(inChat[1]).toMatchObject({ id: ana.id, firstName: "Ana", avatarId: await avatarOf(ana) });
  expect(inOther).toEqual([]);
});
