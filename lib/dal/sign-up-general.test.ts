import { describe, expect, it } from "vitest";
import { countUnread, getConversationForUser, openDirectConversation } from "./conversations";
import { joinPublicRoom } from "./groups";
import { getMessagesPage, sendMessage } from "./messages";
import { createUser, GENERAL_ROOM_ID, signUpFromNetwork, type Actor } from "./users";

const say = (who: Actor, conversationId: string, body: string) =>
  sendMessage(who, { conversationId, clientId: crypto.randomUUID(), body }).then((r) => r.message);

describe("a sign-up", () => {
  it("starts in General having read what was said there, whose unread then counts on its row, not in the total", async () => {
    const old = await createUser({ username: "old_timer", password: "password-old" });
    await joinPublicRoom(old, GENERAL_ROOM_ID);
    await say(old, GENERAL_ROOM_ID, "before anyone new came");
    const said = await say(old, GENERAL_ROOM_ID, "still before");

    const newcomer = await signUpFromNetwork({ username: "newcomer", password: "password-new" }, "203.0.113.7");
    const general = await getConversationForUser(newcomer, GENERAL_ROOM_ID);
    expect(general).toMatchObject({ kind: "public", unreadCount: 0, lastReadMessageId: said.id });
    expect((await getMessagesPage(newcomer, GENERAL_ROOM_ID)).messages.map((m) => m.body)).toContain("before anyone new came");
    expect(await countUnread(newcomer)).toBe(0);

    await say(old, GENERAL_ROOM_ID, "welcome");
    expect((await getConversationForUser(newcomer, GENERAL_ROOM_ID)).unreadCount).toBe(1);
    expect(await countUnread(newcomer)).toBe(0);
    // A direct chat's unread counts as before.
    const chat = await openDirectConversation(old, newcomer.id);
    await say(old, chat, "just for you");
    expect(await countUnread(newcomer)).toBe(1);
    // An account made another way (a seed, an import) is in no room it did not join.
    const seeded = await createUser({ username: "seeded", password: "password-seeded" });
    await expect(getConversationForUser(seeded, GENERAL_ROOM_ID)).rejects.toMatchObject({ status: 403 });
  });
});
