import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { user } from "@/db/schema";
import { createActors } from "@/tests/support/actors";
import { connectAs, disconnectedAfterAll, subscribe } from "@/tests/support/realtime-client";
import { AppError } from "@/lib/errors";
import { conversationChannel, typingChannel, userChannel } from "@/lib/realtime/channels";
import { openDirectConversation } from "./conversations";
import { authorizeSubscription, authorizeSubscriptions, mayAccessChannel } from "./realtime";

const { ana, ben, cyd } = await createActors("ana", "ben", "cyd");
const anaAndBen = await openDirectConversation(ana, ben.id);

describe("the channel-auth decision table", () => {
  const cases: [string, () => string, boolean][] = [
    ["own user channel", () => userChannel(ana.id), true],
    ["another user's channel", () => userChannel(ben.id), false],
    ["a conversation she belongs to", () => conversationChannel(anaAndBen), true],
    ["a conversation she does not belong to", () => conversationChannel("3f8a7c1e-2b4d-4e6f-8a9b-0c1d2e3f4a5b"), false],
    ["the public room she has not joined", () => conversationChannel("00000000-0000-4000-8000-000000000001"), false],
    ["a malformed channel name", () => "private-user-" + ana.id.slice(0, 10), false],
    ["a presence channel of another user", () => "presence-" + userChannel(ana.id), false],
    ["the typing channel of her conversation", () => typingChannel(anaAndBen), true],
    ["the typing channel of another conversation", () => typingChannel("3f8a7c1e-2b4d-4e6f-8a9b-0c1d2e3f4a5b"), false],
    ["a later epoch of her conversation", () => conversationChannel(anaAndBen, 1), false],
    ["a public channel", () => "user-" + ana.id, false],
  ];
  it.each(cases)("ana, %s", async (_, channel, allowed) => {
    expect(await mayAccessChannel(ana, channel())).toBe(allowed);
  });

  it("asks for membership of the conversation named and no other", async () => {
    const asked: string[] = [];
    const epochOf = async (conversationId: string, userId: string) => {
      asked.push(`${conversationId}/${userId}`);
      return 2;
    };
    expect(await mayAccessChannel(cyd, conversationChannel(anaAndBen, 2), epochOf)).toBe(true);
    expect(asked).toEqual([`${anaAndBen}/${cyd.id}`]);
    // A channel of an earlier epoch (before someone was removed) is refused, even to a member.
    expect(await mayAccessChannel(cyd, conversationChannel(anaAndBen, 1), epochOf)).toBe(false);
  });

  it("signs nothing for malformed socket ids or bodies", async () => {
    for (const input of [
      { socket_id: "abc", channel_name: userChannel(ana.id) },
      { socket_id: "1.1.1", channel_name: userChannel(ana.id) },
      { socket_id: "1.1" },
      { socket_id: 1.1, channel_name: userChannel(ana.id) },
      null,
      "socket_id=1.1",
    ]) {
      await expect(authorizeSubscription(ana, input)).rejects.toMatchObject({ code: "forbidden:channel", status: 403 });
    }
  });

  it("vouches for the subscriber on presence channels", async () => {
    const signed = await authorizeSubscription(ana, { socket_id: "1.2", channel_name: typingChannel(anaAndBen) });
    // With the name she gives herself, read as she subscribes (the chat list's typing line shows it).
    expect(JSON.parse(signed.channel_data!)).toEqual({ user_id: ana.id, user_info: { username: "ana", name: "ana" } });
    const db = await getDb();
    await db.update(user).set({ firstName: "Ana", lastName: "Alves" }).where(eq(user.id, ana.id));
    const renamed = await authorizeSubscription(ana, { socket_id: "1.2", channel_name: typingChannel(anaAndBen) });
    expect(JSON.parse(renamed.channel_data!).user_info).toEqual({ username: "ana", name: "Ana Alves" });
    const [batch] = await authorizeSubscriptions(ana, { socketId: "1.2", channels: [typingChannel(anaAndBen)] });
    expect(JSON.parse((batch as { channel_data: string }).channel_data).user_info).toEqual({ username: "ana", name: "Ana Alves" });
    await db.update(user).set({ firstName: "", lastName: "" }).where(eq(user.id, ana.id));
  });

  it("signs a valid subscription with the app key", async () => {
    const { auth } = await authorizeSubscription(ana, { socket_id: "123.456", channel_name: userChannel(ana.id) });
    expect(auth).toMatch(/^messenger-test-key:[0-9a-f]{64}$/);
    await expect(authorizeSubscription(cyd, { socket_id: "123.456", channel_name: conversationChannel(anaAndBen) })).rejects.toBeInstanceOf(AppError);
  });
});

describe("signing a batch of channels", () => {
  it("decides each channel as one at a time would, in the order asked, naming none it refuses", async () => {
    const channels = [userChannel(ana.id), conversationChannel(anaAndBen), userChannel(ben.id), typingChannel(anaAndBen), conversationChannel(anaAndBen, 1)];
    const grants = await authorizeSubscriptions(ana, { socketId: "123.456", channels });
    for (const [i, name] of channels.entries()) {
      const one = await authorizeSubscription(ana, { socket_id: "123.456", channel_name: name }).catch(() => null);
      expect(grants[i]).toEqual(one ?? { error: { status: 403, message: "You may not subscribe to this channel." } });
    }
    expect(JSON.stringify(grants)).not.toContain(ben.id);
  });

  it("refuses a malformed batch and more than twenty channels, signing nothing", async () => {
    for (const input of [
      { socketId: "abc", channels: [userChannel(ana.id)] },
      { socketId: "1.1", channels: [] },
      { socketId: "1.1", channels: Array.from({ length: 21 }, () => userChannel(ana.id)) },
      { socketId: "1.1", channels: [1] },
      { socket_id: "1.1", channel_name: userChannel(ana.id) },
      null,
    ]) {
      await expect(authorizeSubscriptions(ana, input)).rejects.toMatchObject({ status: 400 });
    }
  });
});

describe("subscribing through Soketi", () => {
  const clients = disconnectedAfterAll();

  it("lets a member in and keeps a non-member out", async () => {
    const member = connectAs(ben);
    const outsider = connectAs(cyd);
    clients.push(member, outsider);
    await expect(subscribe(member, conversationChannel(anaAndBen))).resolves.toBeDefined();
    await expect(subscribe(outsider, conversationChannel(anaAndBen))).rejects.toMatchObject({ type: "AuthError" });
    await expect(subscribe(outsider, userChannel(ben.id))).rejects.toMatchObject({ type: "AuthError" });
  });
});
