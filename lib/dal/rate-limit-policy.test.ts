import { count, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { message, user } from "@/db/schema";
import { RATE_LIMITS } from "@/lib/rate-limits";
import { makeContacts } from "@/tests/support/contacts";
import { setAvatarFromUpload } from "./avatars";
import { openDirectConversation } from "./conversations";
import { sendFriendRequest } from "./contacts";
import { addMembers, createGroup, setGroupAvatar } from "./groups";
import { editMessage, sendMessage } from "./messages";
import { isMuted } from "./internal/mutes";
import { muteConversation } from "./mutes";
import { toggleReaction } from "./reactions";
import { searchMessages } from "./search";
import { createUser, signUpFromNetwork, verifyCredentials, type Actor } from "./users";

// This file runs at the real limits, unlike the rest of the suite (tests/support/vitest-setup.ts).
vi.hoisted(() => {
  process.env.RATE_LIMIT_MULTIPLIER = "1";
});

/** Freezes the clock one second into a window of `windowMs`, so that no test straddles two windows. */
function startOfWindow(windowMs: number): number {
  const start = Math.floor(Date.now() / windowMs) * windowMs + 1000;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(start);
  return start;
}
afterEach(() => {
  vi.useRealTimers();
});

const PASSWORD = "password-right";
let ana: Actor;
let ben: Actor;
beforeAll(async () => {
  ana = await createUser({ username: "ana", password: PASSWORD });
  ben = await createUser({ username: "ben", password: PASSWORD });
});

const refused = { code: "rate_limited:request", status: 429 };

describe("signing in", () => {
  it("stops one network guessing at an account, but not the owner signing in from elsewhere", async () => {
    startOfWindow(RATE_LIMITS.signInAccountAddress.windowMs);
    const attacker = "203.0.113.1";
    for (let i = 0; i < RATE_LIMITS.signInAccountAddress.limit; i++) {
      expect(await verifyCredentials({ username: "ana", password: `guess-${i}` }, attacker)).toBeNull();
    }
    // Even the right password is not checked now: a guess must not be able to tell.
    await expect(verifyCredentials({ username: "ANA", password: PASSWORD }, attacker)).rejects.toMatchObject({
      ...refused,
      retryAfterSeconds: 15 * 60 - 1,
      message: "Too many sign-in attempts. Try again in 15 minutes.",
    });
    expect(await verifyCredentials({ username: "ana", password: PASSWORD }, "198.51.100.7")).toMatchObject({ id: ana.id });
    // Someone else on the attacker's network is not held back either.
    expect(await verifyCredentials({ username: "ben", password: PASSWORD }, attacker)).toMatchObject({ id: ben.id });
  });

  it("counts failures only: people signing in correctly never use up a shared network's allowance", async () => {
    startOfWindow(RATE_LIMITS.signInAddress.windowMs);
    const office = "198.51.100.50";
    for (let i = 0; i < RATE_LIMITS.signInAddress.limit + 5; i++) {
      expect(await verifyCredentials({ username: i % 2 ? "ana" : "ben", password: PASSWORD }, office)).not.toBeNull();
    }
  });

  it("stops one network trying a password on many accounts", async () => {
    startOfWindow(RATE_LIMITS.signInAddress.windowMs);
    const sprayer = "2001:db8:5::/64";
    const { limit } = RATE_LIMITS.signInAddress;
    const answers = await Promise.all(
      Array.from({ length: limit }, (_, i) => verifyCredentials({ username: `someone${i}`, password: "Summer2026!" }, sprayer)),
    );
    expect(answers.every((a) => a === null)).toBe(true);
    await expect(verifyCredentials({ username: "ana", password: PASSWORD }, sprayer)).rejects.toMatchObject(refused);
  });

  it("slows guesses at one account spread over many networks, and still lets the owner in from a new one", async () => {
    startOfWindow(RATE_LIMITS.signInAccount.windowMs);
    await createUser({ username: "target", password: PASSWORD });
    const { limit, slowDown } = RATE_LIMITS.signInAccount;
    const perNetwork = RATE_LIMITS.signInAccountAddress.limit;
    const answers = await Promise.all(
      Array.from({ length: limit }, (_, i) => verifyCredentials({ username: "target", password: `guess-${i}` }, `192.0.2.${Math.floor(i / perNetwork)}`)),
    );
    expect(answers.every((a) => a === null)).toBe(true);
    const timed = async (password: string, network: string) => {
      const started = performance.now();
      const answer = await verifyCredentials({ username: "target", password }, network);
      return { answer, ms: performance.now() - started };
    };
    // Past the limit each failure adds to the wait of the next attempt, whoever makes it.
    const guess = await timed("guess-more", "192.0.2.100");
    expect(guess.answer).toBeNull();
    expect(guess.ms).toBeGreaterThanOrEqual(slowDown.perRequestOverMs);
    const owner = await timed(PASSWORD, "192.0.2.200");
    expect(owner.answer).toMatchObject({ username: "target" });
    expect(owner.ms).toBeGreaterThanOrEqual(2 * slowDown.perRequestOverMs);
  });
});

describe("signing up", () => {
  it("allows a few accounts an hour from one network, and refuses more without creating them", async () => {
    startOfWindow(RATE_LIMITS.signUpAddress.windowMs);
    const network = "203.0.113.77";
    // A form that is not valid costs nothing.
    await expect(signUpFromNetwork({ username: "x", password: "short" }, network)).rejects.toMatchObject({ code: "bad_request:input" });
    for (let i = 0; i < RATE_LIMITS.signUpAddress.limit; i++) {
      await signUpFromNetwork({ username: `new${i}`, password: PASSWORD }, network);
    }
    await expect(signUpFromNetwork({ username: "one_too_many", password: PASSWORD }, network)).rejects.toMatchObject({
      ...refused,
      message: "Too many new accounts from this network. Try again in 60 minutes.",
    });
    const db = await getDb();
    expect(await db.query.user.findFirst({ where: eq(user.username, "one_too_many") })).toBeUndefined();
    await signUpFromNetwork({ username: "elsewhere", password: PASSWORD }, "203.0.113.78");
  });
});

describe("sending messages", () => {
  it("refuses a burst beyond the limit and stores nothing of it, but still answers a retry of a stored message", async () => {
    const chat = await openDirectConversation(ana, ben.id);
    startOfWindow(RATE_LIMITS.messagesUser.windowMs);
    const db = await getDb();
    const stored = async () => (await db.select({ n: count() }).from(message).where(eq(message.conversationId, chat)))[0]!.n;
    const before = await stored();
    const clientIds = Array.from({ length: RATE_LIMITS.messagesUser.limit }, () => crypto.randomUUID());
    for (const clientId of clientIds) await sendMessage(ana, { conversationId: chat, clientId, body: "quick" });

    await expect(sendMessage(ana, { conversationId: chat, clientId: crypto.randomUUID(), body: "too quick" })).rejects.toMatchObject({
      ...refused,
      retryAfterSeconds: 9,
      message: "You are sending messages too quickly. Try again in 9 seconds.",
    });
    expect(await stored()).toBe(before + clientIds.length);
    // A client that never heard back asks again with the same clientId: it gets its message.
    const retry = await sendMessage(ana, { conversationId: chat, clientId: clientIds[3], body: "quick" });
    expect(retry).toMatchObject({ created: false, message: { clientId: clientIds[3], body: "quick" } });
    // The other person in the chat is not held back.
    expect((await sendMessage(ben, { conversationId: chat, clientId: crypto.randomUUID(), body: "calm" })).created).toBe(true);

    vi.setSystemTime(Date.now() + RATE_LIMITS.messagesUser.windowMs);
    expect((await sendMessage(ana, { conversationId: chat, clientId: crypto.randomUUID(), body: "later" })).created).toBe(true);
  });
});

describe("what reaches other people", () => {
  /** People made straight in the database (no password hash each), as contacts of `of`. */
  async function contactsOf(of: Actor, count: number, prefix: string): Promise<Actor[]> {
    const people = Array.from({ length: count }, (_, i) => ({ id: crypto.randomUUID(), username: `${prefix}${i}`, passwordHash: "x" }));
    await (await getDb()).insert(user).values(people);
    await makeContacts(of, people);
    return people;
  }

  it("limits each person's group creations and member adds, and only the one who went over", async () => {
    const gus = await createUser({ username: "gus", password: PASSWORD });
    const friends = await contactsOf(gus, RATE_LIMITS.memberAddsUser.limit + 1, "gusfriend");
    startOfWindow(RATE_LIMITS.groupsCreatedUser.windowMs);
    let group = "";
    for (let i = 0; i < RATE_LIMITS.groupsCreatedUser.limit; i++) group = await createGroup(gus, { name: `g${i}`, memberIds: [] });
    await expect(createGroup(gus, { name: "one more", memberIds: [] })).rejects.toMatchObject({
      ...refused,
      message: expect.stringMatching(/^You are creating groups too quickly\. Try again in \d+ minutes\.$/),
    });
    for (let i = 0; i < RATE_LIMITS.memberAddsUser.limit; i++) await addMembers(gus, { conversationId: group, userIds: [friends[i]!.id] });
    await expect(addMembers(gus, { conversationId: group, userIds: [friends.at(-1)!.id] })).rejects.toMatchObject({
      ...refused,
      message: expect.stringMatching(/^You are adding people to groups too quickly\./),
    });
    await makeContacts(ana, [ben]);
    await expect(createGroup(ana, { name: "ana's", memberIds: [ben.id] })).resolves.toBeDefined();
  });

  it("limits each person's edits and reaction toggles in a short window", async () => {
    const hal = await createUser({ username: "hal", password: PASSWORD });
    const chat = await openDirectConversation(hal, ana.id);
    const { message: sent } = await sendMessage(hal, { conversationId: chat, clientId: crypto.randomUUID(), body: "v0" });
    startOfWindow(RATE_LIMITS.editsUser.windowMs);
    for (let i = 1; i <= RATE_LIMITS.editsUser.limit; i++) await editMessage(hal, { messageId: sent.id, body: `v${i}` });
    await expect(editMessage(hal, { messageId: sent.id, body: "too many" })).rejects.toMatchObject({
      ...refused,
      message: expect.stringMatching(/^You are editing messages too quickly\./),
    });
    await expect((await getDb()).query.message.findFirst({ where: eq(message.id, sent.id) })).resolves.toMatchObject({
      body: `v${RATE_LIMITS.editsUser.limit}`,
    });
    for (let i = 0; i < RATE_LIMITS.reactionsUser.limit; i++) await toggleReaction(hal, { messageId: sent.id, emoji: "👍" });
    await expect(toggleReaction(hal, { messageId: sent.id, emoji: "👍" })).rejects.toMatchObject({
      ...refused,
      message: expect.stringMatching(/^You are reacting too quickly\./),
    });
    await expect(toggleReaction(ana, { messageId: sent.id, emoji: "❤️" })).resolves.toBeDefined();
  });

  it("limits each person's mutes and unmutes, and a refused one changes nothing", async () => {
    const jan = await createUser({ username: "jan", password: PASSWORD });
    const chat = await openDirectConversation(jan, ana.id);
    startOfWindow(RATE_LIMITS.mutesUser.windowMs);
    for (let i = 0; i < RATE_LIMITS.mutesUser.limit; i++) await muteConversation(jan, { conversationId: chat, duration: i % 2 ? "off" : "1h" });
    await expect(muteConversation(jan, { conversationId: chat, duration: "forever" })).rejects.toMatchObject({
      ...refused,
      message: expect.stringMatching(/^You are muting and unmuting too quickly\./),
    });
    expect(await isMuted(jan.id, chat)).toBe(false);
    await expect(muteConversation(ana, { conversationId: chat, duration: "1h" })).resolves.toBeDefined();
  });

  it("limits each person's friend requests", async () => {
    const ivy = await createUser({ username: "ivy", password: PASSWORD });
    const strangers = Array.from({ length: RATE_LIMITS.friendRequestsUser.limit + 1 }, (_, i) => ({
      id: crypto.randomUUID(),
      username: `stranger${i}`,
      passwordHash: "x",
    }));
    await (await getDb()).insert(user).values(strangers);
    startOfWindow(RATE_LIMITS.friendRequestsUser.windowMs);
    for (let i = 0; i < RATE_LIMITS.friendRequestsUser.limit; i++) await sendFriendRequest(ivy, strangers[i]!.id);
    await expect(sendFriendRequest(ivy, strangers.at(-1)!.id)).rejects.toMatchObject({
      ...refused,
      message: expect.stringMatching(/^You are sending requests too quickly\./),
    });
  });
});

describe("searching", () => {
  it("allows a person's searches up to the limit a minute, then refuses with a clear message", async () => {
    const dot = await createUser({ username: "dot", password: PASSWORD });
    await openDirectConversation(dot, ana.id);
    startOfWindow(RATE_LIMITS.searchesUser.windowMs);
    for (let i = 0; i < RATE_LIMITS.searchesUser.limit; i++) await searchMessages(dot, { q: "a" });
    await expect(searchMessages(dot, { q: "a" })).rejects.toMatchObject({ ...refused, message: "You are searching too quickly. Try again in 59 seconds." });
    // Someone else searches on.
    await expect(searchMessages(ana, { q: "a" })).resolves.toBeDefined();
  });
});

describe("uploading pictures", () => {
  it("counts one's own and one's groups' uploads together, unreadable files included", async () => {
    const cy = await createUser({ username: "cyd", password: PASSWORD });
    await makeContacts(cy, [ana]);
    const group = await createGroup(cy, { name: "Pictures", memberIds: [ana.id] });
    startOfWindow(RATE_LIMITS.avatarUploadsUser.windowMs);
    const junk = new TextEncoder().encode("not a picture");
    const { limit } = RATE_LIMITS.avatarUploadsUser;
    for (let i = 0; i < limit; i++) {
      const upload = i % 2 ? setAvatarFromUpload(cy, junk) : setGroupAvatar(cy, group, junk);
      await expect(upload).rejects.toMatchObject({ code: "unsupported_media_type:avatar" });
    }
    await expect(setAvatarFromUpload(cy, junk)).rejects.toMatchObject({
      ...refused,
      message: "Too many picture uploads. Try again in 60 minutes.",
    });
    await expect(setGroupAvatar(cy, group, junk)).rejects.toMatchObject(refused);
    // Someone who may not change the group is told so, and their own allowance is untouched.
    await expect(setGroupAvatar(ana, group, junk)).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(setAvatarFromUpload(ana, junk)).rejects.toMatchObject({ code: "unsupported_media_type:avatar" });
  });
});
