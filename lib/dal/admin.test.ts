import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { invite, message, user } from "@/db/schema";
import { mentionToken } from "@/lib/mentions";
import { userChannel } from "@/lib/realtime/channels";
import { createActors } from "@/tests/support/actors";
import { connectAs, subscribe, until } from "@/tests/support/realtime-client";
import { exportAccountData } from "./account";
import * as admin from "./admin";
import { makeContacts } from "@/tests/support/contacts";
import { openDirectConversation } from "./conversations";
import { createGroup } from "./groups";
import { getMessagesPage, sendMessage } from "./messages";
import { createUser, getProfile, resolveSession, signUpFromNetwork, verifyCredentials } from "./users";

// This file has a fresh database of its own: the first account made here is the first on it.
const { root, mia, max } = await createActors("root", "mia", "max");

const net = () => `198.51.100.${Math.floor(Math.random() * 250)}`;

describe("the first admin", () => {
  it("is the first account on a fresh database, and only that one", async () => {
    expect(await admin.isServerAdmin(root.id)).toBe(true);
    expect(await admin.isServerAdmin(mia.id)).toBe(false);
    expect((await admin.listAccounts(root)).accounts.map((a) => [a.username, a.role])).toEqual([
      ["max", "member"],
      ["mia", "member"],
      ["root", "admin"],
    ]);
  });

  it("cannot step down while the only admin, and can once there is another", async () => {
    await expect(admin.setServerAdmin(root, { userId: root.id, admin: false })).rejects.toMatchObject({ code: "conflict:last_admin" });
    await admin.setServerAdmin(root, { userId: mia.id, admin: true });
    expect(await admin.isServerAdmin(mia.id)).toBe(true);
    await admin.setServerAdmin(mia, { userId: mia.id, admin: false });
    expect(await admin.isServerAdmin(mia.id)).toBe(false);
    expect(await admin.isServerAdmin(root.id)).toBe(true);
  });
});

describe("a member is refused every admin action, and nothing changes", () => {
  it("answers 403 to each", async () => {
    const db = await getDb();
    const before = await db.select().from(user);
    const calls: [string, () => Promise<unknown>][] = [
      ["list accounts", () => admin.listAccounts(max)],
      ["make admin", () => admin.setServerAdmin(max, { userId: max.id, admin: true })],
      ["deactivate", () => admin.setDeactivated(max, { userId: mia.id, deactivated: true })],
      ["sign-up policy", () => admin.setSignUpPolicy(max, { mode: "closed" })],
      ["invite (not allowed)", () => admin.createInvite(max, { expiresInHours: 1, maxUses: 1 })],
      ["open reports", () => admin.listOpenReports(max)],
      ["resolve a report", () => admin.resolveReport(max, { reportId: 1, resolution: "dismissed" })],
      ["audit log", () => admin.listAuditLog(max)],
    ];
    for (const [label, call] of calls) await expect(call(), label).rejects.toMatchObject({ status: 403 });
    expect(await db.select().from(user)).toEqual(before);
    expect((await admin.getSignUpPolicy()).mode).toBe("open");
  });
});

describe("who may sign up", () => {
  it("is open by default, then invite-only and closed as the admin chooses", async () => {
    await signUpFromNetwork({ username: "walkin", password: "walkin password" }, net());
    await admin.setSignUpPolicy(root, { mode: "closed" });
    await expect(signUpFromNetwork({ username: "stranger", password: "stranger pw" }, net())).rejects.toMatchObject({
      code: "forbidden:sign_up",
      message: "Sign-up is closed on this server.",
    });
    await admin.setSignUpPolicy(root, { mode: "invite-only" });
    await expect(signUpFromNetwork({ username: "stranger", password: "stranger pw" }, net())).rejects.toMatchObject({
      message: "Sign-up on this server is by invitation only.",
    });
    await expect(signUpFromNetwork({ username: "stranger", password: "stranger pw" }, net(), "x".repeat(32))).rejects.toMatchObject({
      message: "This invitation link is not valid.",
    });
    expect(await (await getDb()).query.user.findFirst({ where: eq(user.username, "stranger") })).toBeUndefined();
  });

  it("admits by invitation as many as it allows, and says why a link no longer works", async () => {
    await admin.setSignUpPolicy(root, { mode: "invite-only" });
    const two = await admin.createInvite(root, { expiresInHours: 24, maxUses: 2 });
    await signUpFromNetwork({ username: "guest1", password: "guest1 password" }, net(), two.id);
    // A name already taken gives its use back.
    await expect(signUpFromNetwork({ username: "guest1", password: "guest1 password" }, net(), two.id)).rejects.toMatchObject({ code: "conflict:username" });
    await signUpFromNetwork({ username: "guest2", password: "guest2 password" }, net(), two.id);
    await expect(signUpFromNetwork({ username: "guest3", password: "guest3 password" }, net(), two.id)).rejects.toMatchObject({
      message: "This invitation has been used up. Ask for a new one.",
    });

    const revoked = await admin.createInvite(root, { expiresInHours: 24, maxUses: 5 });
    await admin.revokeInvite(root, revoked.id);
    await expect(signUpFromNetwork({ username: "guest4", password: "guest4 password" }, net(), revoked.id)).rejects.toMatchObject({
      message: "This invitation was revoked. Ask for a new one.",
    });

    const expired = await admin.createInvite(root, { expiresInHours: 1, maxUses: 5 });
    await (
      await getDb()
    )
      .update(invite)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invite.id, expired.id));
    await expect(signUpFromNetwork({ username: "guest5", password: "guest5 password" }, net(), expired.id)).rejects.toMatchObject({
      message: "This invitation has expired. Ask for a new one.",
    });
    await admin.setSignUpPolicy(root, { mode: "open" });
  });

  it("lets members invite only when the admin allows it, and revoke only their own", async () => {
    await expect(admin.createInvite(max, { expiresInHours: 1, maxUses: 1 })).rejects.toMatchObject({ status: 403 });
    await admin.setSignUpPolicy(root, { mode: "invite-only", membersMayInvite: true });
    const own = await admin.createInvite(max, { expiresInHours: 1, maxUses: 1 });
    const admins = await admin.createInvite(root, { expiresInHours: 1, maxUses: 1 });
    expect((await admin.listInvites(max)).map((i) => i.id)).toEqual([own.id]);
    await expect(admin.revokeInvite(max, admins.id)).rejects.toMatchObject({ status: 403 });
    await admin.revokeInvite(max, own.id);
    await admin.setSignUpPolicy(root, { mode: "open", membersMayInvite: false });
  });

  it("refuses a bad policy or invitation and changes nothing", async () => {
    await expect(admin.setSignUpPolicy(root, { mode: "everyone" })).rejects.toMatchObject({ status: 400 });
    await expect(admin.createInvite(root, { expiresInHours: 0, maxUses: 1 })).rejects.toMatchObject({ status: 400 });
    await expect(admin.createInvite(root, { expiresInHours: 1, maxUses: 1000 })).rejects.toMatchObject({ status: 400 });
    expect((await admin.getSignUpPolicy()).mode).toBe("open");
  });
});

describe("deactivation", () => {
  it("signs the person out everywhere at once, refuses their sign-in, keeps their messages, and can be undone", async () => {
    const eli = await createUser({ username: "eli", password: "eli password" });
    const chat = await openDirectConversation(eli, mia.id);
    await sendMessage(eli, { conversationId: chat, clientId: crypto.randomUUID(), body: "still here afterwards" });
    const client = connectAs(eli);
    await subscribe(client, userChannel(eli.id));
    await new Promise((r) => setTimeout(r, 300));
    const session = (await (await getDb()).query.user.findFirst({ where: eq(user.id, eli.id) }))!.sessionVersion;

    await admin.setDeactivated(root, { userId: eli.id, deactivated: true });
    await until(() => client.connection.state === "disconnected", 10_000);
    expect(await resolveSession(eli.id, session)).toBeNull();
    await expect(verifyCredentials({ username: "eli", password: "eli password" }, net())).rejects.toMatchObject({ code: "forbidden:deactivated" });
    // A wrong password learns nothing about the account.
    expect(await verifyCredentials({ username: "eli", password: "not it at all" }, net())).toBeNull();
    expect((await getProfile(mia, "eli"))?.deactivated).toBe(true);
    expect((await getMessagesPage(mia, chat)).messages.map((m) => m.body)).toContain("still here afterwards");

    await admin.setDeactivated(root, { userId: eli.id, deactivated: false });
    expect(await verifyCredentials({ username: "eli", password: "eli password" }, net())).toMatchObject({ id: eli.id });
    expect((await getProfile(mia, "eli"))?.deactivated).toBe(false);
  });

  it("is not for one's own account", async () => {
    await expect(admin.setDeactivated(root, { userId: root.id, deactivated: true })).rejects.toMatchObject({ status: 400 });
    expect(await admin.isServerAdmin(root.id)).toBe(true);
  });
});

describe("reports", () => {
  it("reach the admins; deleting the message and deactivating its author closes them", async () => {
    const troll = await createUser({ username: "troll", password: "troll password" });
    await makeContacts(troll, [mia]);
    // A group: that is where a token is a mention (a direct chat has no one to mention).
    const chat = await createGroup(troll, { name: "Trolling", memberIds: [mia.id] });
    const { message: bad } = await sendMessage(troll, {
      conversationId: chat,
      clientId: crypto.randomUUID(),
      body: `something nasty, ${mentionToken(mia.id)}`,
    });
    await expect(admin.reportMessage(troll, { messageId: bad.id, reason: "mine" })).rejects.toMatchObject({ status: 400 });
    await expect(admin.reportMessage(max, { messageId: bad.id, reason: "not my chat" })).rejects.toMatchObject({ status: 403 });
    await expect(admin.reportMessage(mia, { messageId: bad.id, reason: "   " })).rejects.toMatchObject({ status: 400 });
    await admin.reportMessage(mia, { messageId: bad.id, reason: "abuse" });

    const [open] = (await admin.listOpenReports(root)).filter((r) => r.message.id === bad.id);
    expect(open).toMatchObject({ reason: "abuse", reporter: "mia", message: { body: "something nasty, @mia", sender: "troll", conversationId: chat } });

    await admin.resolveReport(root, { reportId: open!.id, resolution: "deactivated" });
    const stored = await (await getDb()).query.message.findFirst({ where: eq(message.id, bad.id) });
    expect(stored?.deletedAt).not.toBeNull();
    expect((await getProfile(mia, "troll"))?.deactivated).toBe(true);
    expect((await admin.listOpenReports(root)).filter((r) => r.message.id === bad.id)).toEqual([]);
    await expect(admin.resolveReport(root, { reportId: open!.id, resolution: "dismissed" })).rejects.toMatchObject({ status: 404 });
  });
});

describe("the audit log", () => {
  it("names who did what to whom, and is in no one's export", async () => {
    const entries = await admin.listAuditLog(root);
    const said = entries.map((e) => `${e.actor} ${e.action} ${e.target}`.trim());
    expect(said).toEqual(
      expect.arrayContaining(["root made admin mia", "mia removed admin mia", "root deactivated eli", "root reactivated eli", "root deactivated troll"]),
    );
    expect(entries.find((e) => e.action === "deleted message")?.detail).toContain("by troll");
    expect(entries.find((e) => e.action === "sign-up policy")?.detail).toMatch(/mode (open|closed|invite-only)/);
    const exported = JSON.stringify(await exportAccountData(root));
    expect(exported).not.toContain("deactivated");
    expect(exported).not.toContain("made admin");
  });
});
