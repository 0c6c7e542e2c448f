import type { PresenceChannel } from "pusher-js";
import { beforeAll, describe, expect, it } from "vitest";
import { openDirectConversation } from "@/lib/dal/conversations";
import { typingChannel } from "@/lib/realtime/channels";
import { createActors } from "@/tests/support/actors";
import { connectAs, disconnectedAfterAll, subscribe, until } from "@/tests/support/realtime-client";

const { ana, ben, cyd } = await createActors("ana", "ben", "cyd");
let chat: string;
const clients = disconnectedAfterAll();

beforeAll(async () => {
  chat = await openDirectConversation(ana, ben.id);
});

describe("typing signals", () => {
  it("reach the other member stamped with the sender's real id, whatever the payload claims", async () => {
    const anaClient = connectAs(ana);
    const benClient = connectAs(ben);
    clients.push(anaClient, benClient);
    const anaChannel = (await subscribe(anaClient, typingChannel(chat))) as PresenceChannel;
    const benChannel = (await subscribe(benClient, typingChannel(chat))) as PresenceChannel;
    const heard: { data: unknown; userId?: string }[] = [];
    benChannel.bind("client-typing", (data: unknown, metadata?: { user_id?: string }) => heard.push({ data, userId: metadata?.user_id }));
    await until(() => benChannel.members.count === 2);

    anaChannel.trigger("client-typing", { typing: true, username: "ben" });
    await until(() => heard.length === 1);
    expect(heard[0]).toEqual({ data: { typing: true, username: "ben" }, userId: ana.id });
    expect((benChannel.members.get(ana.id) as { info: unknown }).info).toEqual({ username: "ana", name: "ana" });
  });

  it("cannot be heard or sent by someone outside the conversation", async () => {
    const outsider = connectAs(cyd);
    clients.push(outsider);
    await expect(subscribe(outsider, typingChannel(chat))).rejects.toMatchObject({ type: "AuthError" });
  });
});
