import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { avatar, contact, conversationMember, message, user } from "@/db/schema";
import { mentionToken } from "@/lib/mentions";
import { makeContacts } from "@/tests/support/contacts";
import { png } from "@/tests/support/images";
import { changePassword, changeUsername, deleteAccount, exportAccountData, getAccount, signOutEverywhere, updateProfile } from "./account";
import { setAvatarFromUpload } from "./avatars";
import { acceptFriendRequest, sendFriendRequest } from "./contacts";
import { listConversationPage, openDirectConversation } from "./conversations";
import { createGroup, removeMember, renameGroup } from "./groups";
import { getMessagesPage, sendMessage } from "./messages";
import { createUser, getProfile, resolveSession, verifyCredentials, type Actor } from "./users";

let n = 0;
async function person(password = "password-old"): Promise<Actor> {
  n += 1;
  return createUser({ username: `member${n}`, password });
}

async function version(actor: Actor): Promise<number> {
  const db = await getDb();
  return (await db.query.user.findFirst({ where: eq(user.id, actor.id), columns: { sessionVersion: true } }))!.sessionVersion;
}

describe("profile", () => {
  it("saves first name, last name and bio, trimmed", async () => {
    const ana = await person();
    await updateProfile(ana, { firstName: "  Ana ", lastName: "Lopez", bio: "Hello 👋\nsecond line" });
    expect(await getAccount(ana)).toMatchObject({ firstName: "Ana", lastName: "Lopez", bio: "Hello 👋\nsecond line" });
  });

  it("refuses a bio over 280 characters and a name over 50 and changes nothing", async () => {
    const ana = await person();
    await updateProfile(ana, { firstName: "Ana", lastName: "", bio: "short" });
    await expect(updateProfile(ana, { firstName: "Ana", lastName: "", bio: "x".repeat(281) })).rejects.toMatchObject({
      code: "bad_request:input",
      fieldErrors: { bio: ["A bio can be at most 280 characters."] },
    });
    await expect(updateProfile(ana, { firstName: "y".repeat(51), lastName: "", bio: "" })).rejects.toMatchObject({
      fieldErrors: { firstName: ["First name can be at most 50 characters."] },
    });
    expect(await getAccount(ana)).toMatchObject({ firstName: "Ana", bio: "short" });
    // 280 emoji are 280 characters, though 560 UTF-16 units.
    await updateProfile(ana, { firstName: "Ana", lastName: "", bio: "🙂".repeat(280) });
  });
});

describe("username", () => {
  it("changes with sign-up's rules; the old name stops resolving and the new one signs in", async () => {
    const ana = await person();
    const old = ana.username;
    const renamed = await changeUsername(ana, { username: "  Ana.Renamed " });
    expect(renamed).toBe("ana.renamed");
    expect(await getProfile(ana, old)).toBeNull();
    expect((await getProfile(ana, "ANA.RENAMED"))?.id).toBe(ana.id);
    expect(await verifyCredentials({ username: "ana.renamed", password: "password-old" }, "192.0.2.1")).toMatchObject({ id: ana.id });
    expect(await verifyCredentials({ username: old, password: "password-old" }, "192.0.2.1")).toBeNull();
  });

  it("refuses a taken name in any case, and a malformed one, with the message on the field", async () => {
    const [ana, ben] = [await person(), await person()];
    await expect(changeUsername(ana, { username: ben.username.toUpperCase() })).rejects.toMatchObject({
      code: "conflict:username",
      fieldErrors: { username: ["That username is taken."] },
    });
    await expect(changeUsername(ana, { username: "no spaces" })).rejects.toMatchObject({
      fieldErrors: { username: [expect.stringContaining("Use only")] },
    });
    expect((await getAccount(ana)).username).toBe(ana.username);
  });
});

describe("sessions are revoked for real", () => {
  it("a password change revokes every session issued before it", async () => {
    const ana = await person();
    const laptop = await version(ana);
    const phone = await version(ana);
    expect(await resolveSession(ana.id, phone)).toEqual(ana);

    await changePassword(ana, { currentPassword: "password-old", newPassword: "password-new" });

    expect(await resolveSession(ana.id, phone)).toBeNull();
    expect(await resolveSession(ana.id, laptop)).toBeNull();
    // A sign-in with the new password gets a token with the new version, which works.
    const signedIn = await verifyCredentials({ username: ana.username, password: "password-new" }, "192.0.2.1");
    expect(signedIn?.sessionVersion).toBe(laptop + 1);
    expect(await resolveSession(ana.id, signedIn!.sessionVersion)).toEqual(ana);
    expect(await verifyCredentials({ username: ana.username, password: "password-old" }, "192.0.2.1")).toBeNull();
  });

  it("a wrong current password changes nothing", async () => {
    const ana = await person();
    const before = await version(ana);
    await expect(changePassword(ana, { currentPassword: "wrong-password", newPassword: "password-new" })).rejects.toMatchObject({
      code: "bad_request:password",
      fieldErrors: { currentPassword: ["That password is not correct."] },
    });
    await expect(changePassword(ana, { currentPassword: "password-old", newPassword: "short" })).rejects.toMatchObject({
      fieldErrors: { newPassword: ["Password must be at least 8 characters."] },
    });
    expect(await version(ana)).toBe(before);
    expect(await verifyCredentials({ username: ana.username, password: "password-old" }, "192.0.2.1")).not.toBeNull();
  });

  it("sign out everywhere revokes every session and keeps the password", async () => {
    const ana = await person();
    const before = await version(ana);
    await signOutEverywhere(ana);
    expect(await resolveSession(ana.id, before)).toBeNull();
    expect((await verifyCredentials({ username: ana.username, password: "password-old" }, "192.0.2.1"))?.sessionVersion).toBe(before + 1);
  });
});

describe("deleting an account", () => {
  it("needs the password", async () => {
    const ana = await person();
    await expect(deleteAccount(ana, { password: "nope-nope" })).rejects.toMatchObject({
      code: "bad_request:password",
      fieldErrors: { password: ["That password is not correct."] },
    });
    expect(await getAccount(ana)).toMatchObject({ id: ana.id });
  });

  it("removes profile, avatar, contacts and memberships; messages stay as from a deleted user", async () => {
    const [ana, ben] = [await person(), await person()];
    await setAvatarFromUpload(ana, await png(320, 240));
    const avatarId = (await getAccount(ana)).avatarId!;
    await sendFriendRequest(ana, ben.id);
    await acceptFriendRequest(ben, ana.id);
    const chat = await openDirectConversation(ana, ben.id);
    await sendMessage(ana, { conversationId: chat, clientId: crypto.randomUUID(), body: "bye" });

    await deleteAccount(ana, { password: "password-old" });

    const db = await getDb();
    expect(await db.query.user.findFirst({ where: eq(user.id, ana.id) })).toBeUndefined();
    expect(await db.query.avatar.findFirst({ where: eq(avatar.id, avatarId) })).toBeUndefined();
    expect(await db.query.contact.findFirst({ where: eq(contact.requesterId, ana.id) })).toBeUndefined();
    expect(await db.query.conversationMember.findFirst({ where: eq(conversationMember.userId, ana.id) })).toBeUndefined();
    expect(await resolveSession(ana.id, 0)).toBeNull();

    const page = await getMessagesPage(ben, chat);
    expect(page.messages.map((m) => [m.body, m.sender])).toEqual([["bye", null]]);
    expect((await listConversationPage(ben)).conversations.find((c) => c.id === chat)?.title).toBe("Deleted user");
    expect(await db.query.message.findFirst({ where: eq(message.conversationId, chat) })).toMatchObject({ senderId: null });
  });
});

it("exports profile, contacts, the user's own messages and those they received, and nothing else of others'", async () => {
  const [ana, ben] = [await person(), await person()];
  await updateProfile(ana, { firstName: "Ana", lastName: "Lopez", bio: "bio" });
  await sendFriendRequest(ben, ana.id);
  await acceptFriendRequest(ana, ben.id);
  const chat = await openDirectConversation(ana, ben.id);
  await sendMessage(ana, { conversationId: chat, clientId: crypto.randomUUID(), body: "mine" });
  await sendMessage(ben, { conversationId: chat, clientId: crypto.randomUUID(), body: "theirs" });

  const data = await exportAccountData(ana);
  expect(data.profile).toMatchObject({ username: ana.username, firstName: "Ana", lastName: "Lopez", bio: "bio" });
  expect(data.contacts.map((c) => c.username)).toEqual([ben.username]);
  expect(data.messages.map((m) => m.body)).toEqual(["mine"]);
  expect(data.messages[0]!.conversation.id).toBe(chat);
  expect(data.received.map((m) => [m.from, m.body])).toEqual([[ben.username, "theirs"]]);
  expect(JSON.stringify(data)).not.toContain("password");
  // Nothing of chats Ana is not in.
  const cyd = await person();
  const elsewhere = await openDirectConversation(ben, cyd.id);
  await sendMessage(ben, { conversationId: elsewhere, clientId: crypto.randomUUID(), body: "not for ana" });
  expect(JSON.stringify(await exportAccountData(ana))).not.toContain("not for ana");
});

it("exports a group the user was removed from without the name it has been given since", async () => {
  const [ana, ben] = [await person(), await person()];
  await makeContacts(ben, [ana]);
  const group = await createGroup(ben, { name: "Plans", memberIds: [ana.id] });
  await sendMessage(ana, { conversationId: group, clientId: crypto.randomUUID(), body: "count me in" });
  await sendMessage(ben, { conversationId: group, clientId: crypto.randomUUID(), body: `welcome ${mentionToken(ana.id)}` });
  expect((await exportAccountData(ana)).messages[0]!.conversation).toMatchObject({ id: group, name: "Plans" });
  // A mention reads as the app shows it, not as the token stored.
  expect((await exportAccountData(ana)).received.map((m) => m.body)).toEqual([`welcome @${ana.username}`]);
  await removeMember(ben, { conversationId: group, userId: ana.id });
  await renameGroup(ben, { conversationId: group, name: "Plans without ana" });

  const data = await exportAccountData(ana);
  expect(data.messages.map((m) => [m.body, m.conversation.name])).toEqual([["count me in", null]]);
  expect(JSON.stringify(data)).not.toContain("without ana");
});
