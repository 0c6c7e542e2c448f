import type Pusher from "pusher-js";
import { describe, expect, it } from "vitest";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import { publish } from "@/lib/realtime/server";
import { createActors } from "@/tests/support/actors";
import { collect, connectAs, disconnectedAfterAll, subscribe, until } from "@/tests/support/realtime-client";
import { changePassword, deleteAccount, signOutEverywhere } from "./account";
import { openDirectConversation } from "./conversations";
import { authenticateRealtimeUser } from "./realtime";
import type { Actor } from "./users";

/**
 * Issue 16 #5: a revoked session kept hearing its user channel and chats for minutes. Each case
 * connects a raw pusher-js client against the run's real Soketi, signed in and subscribed as the
 * browser's client is, revokes the session, and holds that the socket is closed within seconds and
 * that nothing published afterwards reaches it.
 */
type Watched = { client: Pusher; closedWith: number[]; own: unknown[]; chat: unknown[] };
const clients = disconnectedAfterAll();

async function listenAs(actor: Actor, conversationId: string): Promise<Watched> {
  const client = connectAs(actor);
  clients.push(client);
  const closedWith: number[] = [];
  client.connection.bind("error", (error: { data?: { code?: number } }) => {
    if (typeof error?.data?.code === "number") closedWith.push(error.data.code);
  });
  const signedIn = new Promise<void>((resolve) =>
    client.connection.bind("message", (event: { event: string }) => event.event === "pusher:signin_success" && resolve()),
  );
  const own = collect(await subscribe(client, userChannel(actor.id)), "conversation.activity");
  const chat = collect(await subscribe(client, conversationChannel(conversationId)), "message.created");
  await signedIn;
  return { client, closedWith, own, chat };
}

async function expectCutOff(watched: Watched, actor: Actor, conversationId: string) {
  await until(() => watched.client.connection.state === "disconnected", 10_000);
  expect(watched.closedWith).toContain(4009);
  // What the review saw arrive for two minutes: previews on the user channel, the chat's messages.
  await publish([userChannel(actor.id)], "conversation.activity", { change: "deleted", conversationId, messageId: 1, senderId: null, mentions: [] });
  await publish([conversationChannel(conversationId)], "message.created", { partial: true, id: 1, conversationId });
  await new Promise((r) => setTimeout(r, 1000));
  expect(watched.own).toEqual([]);
  expect(watched.chat).toEqual([]);
  // pusher-js stays down by itself: the tab decides whether to come back (lib/client/realtime.ts).
  await new Promise((r) => setTimeout(r, 1500));
  expect(watched.client.connection.state).toBe("disconnected");
}

const { ana, ben } = await createActors("ana", "ben");
const chat = await openDirectConversation(ana, ben.id);

describe("a revoked session stops hearing at once", () => {
  it("hears while signed in (the control)", async () => {
    const watched = await listenAs(ben, chat);
    await publish([conversationChannel(chat)], "message.created", { partial: true, id: 7, conversationId: chat });
    await until(() => watched.chat.length === 1);
    watched.client.disconnect();
  });

  it("sign out everywhere closes every socket of the user, and only theirs", async () => {
    const first = await listenAs(ana, chat);
    const second = await listenAs(ana, chat);
    const other = await listenAs(ben, chat);
    await signOutEverywhere(ana);
    await expectCutOff(first, ana, chat);
    await expectCutOff(second, ana, chat);
    expect(other.client.connection.state).toBe("connected");
    expect(other.chat.length).toBeGreaterThan(0);
  });

  it("a password change closes the sockets", async () => {
    const watched = await listenAs(ana, chat);
    await changePassword(ana, { currentPassword: "password-ana", newPassword: "a new password for ana" });
    await expectCutOff(watched, ana, chat);
  });

  it("deleting the account closes the sockets", async () => {
    const { cyd: cy } = await createActors("cyd");
    const cyChat = await openDirectConversation(cy, ben.id);
    const watched = await listenAs(cy, cyChat);
    await deleteAccount(cy, { password: "password-cyd" });
    await expectCutOff(watched, cy, cyChat);
  });

  it("signs a socket in only with a well-formed socket id", () => {
    expect(authenticateRealtimeUser(ben, { socket_id: "12.34" }).user_data).toBe(JSON.stringify({ id: ben.id }));
    for (const input of [{ socket_id: "x" }, {}, null, { socket_id: 12.34 }]) {
      expect(() => authenticateRealtimeUser(ben, input)).toThrow(expect.objectContaining({ status: 400 }));
    }
  });
});
