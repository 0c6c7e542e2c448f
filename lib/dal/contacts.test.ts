import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { contact } from "@/db/schema";
import { userChannel } from "@/lib/realtime/channels";
import { collect, connectAs, subscribe, until } from "@/tests/support/realtime-client";
import { blockUser, unblockUser } from "./blocks";
import {
  acceptFriendRequest,
  cancelFriendRequest,
  countIncomingRequests,
  declineFriendRequest,
  getPresence,
  getRelationship,
  listContacts,
  listFriendRequests,
  removeContact,
  sendFriendRequest,
} from "./contacts";
import { markAlive } from "./presence";
import { createUser, type Actor } from "./users";

let n = 0;
async function person(): Promise<Actor> {
  n += 1;
  return createUser({ username: `person${n}`, password: `password-${n}` });
}

async function rows() {
  const db = await getDb();
  return db.select().from(contact);
}

const state = async (a: Actor, b: Actor) => (await getRelationship(a, b.id)).contact;

describe("the friend request state machine", () => {
  it("none → pending → accepted → none, seen from both sides", async () => {
    const [ana, ben] = [await person(), await person()];
    expect([await state(ana, ben), await state(ben, ana)]).toEqual(["none", "none"]);

    await sendFriendRequest(ana, ben.id);
    expect([await state(ana, ben), await state(ben, ana)]).toEqual(["outgoing", "incoming"]);
    expect(await countIncomingRequests(ben)).toBe(1);
    expect(await countIncomingRequests(ana)).toBe(0);
    expect((await listFriendRequests(ben)).incoming.map((r) => r.username)).toEqual([ana.username]);
    expect((await listFriendRequests(ana)).outgoing.map((r) => r.username)).toEqual([ben.username]);

    await acceptFriendRequest(ben, ana.id);
    expect([await state(ana, ben), await state(ben, ana)]).toEqual(["accepted", "accepted"]);
    expect(await countIncomingRequests(ben)).toBe(0);
    expect((await listContacts(ana)).map((c) => c.username)).toEqual([ben.username]);
    expect((await listContacts(ben)).map((c) => c.username)).toEqual([ana.username]);

    // Either side may end it: here the one who accepted.
    await removeContact(ben, ana.id);
    expect([await state(ana, ben), await state(ben, ana)]).toEqual(["none", "none"]);
    expect(await listContacts(ana)).toEqual([]);
  });

  it("the requester can remove the contact too", async () => {
    const [ana, ben] = [await person(), await person()];
    await sendFriendRequest(ana, ben.id);
    await acceptFriendRequest(ben, ana.id);
    await removeContact(ana, ben.id);
    expect(await state(ben, ana)).toBe("none");
  });

  it("pending → none by cancel (sender) and by decline (recipient)", async () => {
    const [ana, ben] = [await person(), await person()];
    await sendFriendRequest(ana, ben.id);
    await cancelFriendRequest(ana, ben.id);
    expect([await state(ana, ben), await state(ben, ana)]).toEqual(["none", "none"]);

    await sendFriendRequest(ana, ben.id);
    await declineFriendRequest(ben, ana.id);
    expect([await state(ana, ben), await state(ben, ana)]).toEqual(["none", "none"]);
    // Declined is not final: a new request may follow.
    await sendFriendRequest(ana, ben.id);
    expect(await state(ben, ana)).toBe("incoming");
  });
});

describe("refusals, each with a clear message and no change", () => {
  let ana: Actor;
  let ben: Actor;
  let cy: Actor;
  beforeAll(async () => {
    [ana, ben, cy] = [await person(), await person(), await person()];
  });

  async function refused(run: () => Promise<void>, expected: { code: string; message?: unknown }) {
    const before = await rows();
    await expect(run()).rejects.toMatchObject(expected);
    expect(await rows()).toEqual(before);
  }

  it("a request to yourself, and every other change with yourself", async () => {
    await refused(() => sendFriendRequest(ana, ana.id), { code: "bad_request:self", message: "You cannot send a request to yourself." });
    for (const change of [cancelFriendRequest, acceptFriendRequest, declineFriendRequest, removeContact]) {
      await refused(() => change(ana, ana.id), { code: "bad_request:self" });
    }
  });

  it("a request to an unknown or malformed user id", async () => {
    await refused(() => sendFriendRequest(ana, crypto.randomUUID()), { code: "not_found:user" });
    await refused(() => sendFriendRequest(ana, "' OR 1=1 --"), { code: "bad_request:input" });
  });

  it("a second request, and a request back to someone who already asked", async () => {
    await sendFriendRequest(ana, ben.id);
    await refused(() => sendFriendRequest(ana, ben.id), {
      code: "conflict:contact",
      message: `You already sent ${ben.username} a request.`,
    });
    await refused(() => sendFriendRequest(ben, ana.id), {
      code: "conflict:contact",
      message: `${ana.username} already sent you a request: accept it instead.`,
    });
  });

  it("accepting, declining or cancelling what does not exist or is not yours", async () => {
    // ana → ben is pending: ana cannot accept or decline her own request, ben cannot cancel it.
    await refused(() => acceptFriendRequest(ana, ben.id), { code: "not_found:request" });
    await refused(() => declineFriendRequest(ana, ben.id), { code: "not_found:request" });
    await refused(() => cancelFriendRequest(ben, ana.id), { code: "not_found:request" });
    await refused(() => acceptFriendRequest(cy, ana.id), { code: "not_found:request" });
    await refused(() => cancelFriendRequest(ana, cy.id), { code: "not_found:request" });
    await refused(() => removeContact(ana, ben.id), { code: "not_found:contact" });
  });

  it("a request between people who are already contacts, either way", async () => {
    await acceptFriendRequest(ben, ana.id);
    for (const [from, to] of [
      [ana, ben],
      [ben, ana],
    ] as const) {
      await refused(() => sendFriendRequest(from, to.id), {
        code: "conflict:contact",
        message: `You and ${to.username} are already contacts.`,
      });
    }
    await refused(() => acceptFriendRequest(ben, ana.id), { code: "not_found:request" });
    await refused(() => cancelFriendRequest(ana, ben.id), { code: "not_found:request" });
  });

  it("a request to someone who blocked you, and to someone you blocked", async () => {
    await blockUser(cy, ana.id);
    await refused(() => sendFriendRequest(ana, cy.id), {
      code: "forbidden:request",
      message: "You cannot send a request to this person.",
    });
    await refused(() => sendFriendRequest(cy, ana.id), {
      code: "forbidden:request",
      message: `You blocked ${ana.username}. Unblock them first.`,
    });
    await unblockUser(cy, ana.id);
    await sendFriendRequest(ana, cy.id);
    expect(await state(cy, ana)).toBe("incoming");
  });

  it("two people requesting each other at once leave exactly one request", async () => {
    const [dee, eli] = [await person(), await person()];
    const results = await Promise.allSettled([sendFriendRequest(dee, eli.id), sendFriendRequest(eli, dee.id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const between = (await rows()).filter((r) => [dee.id, eli.id].includes(r.requesterId) && [dee.id, eli.id].includes(r.addresseeId));
    expect(between).toHaveLength(1);
  });
});

describe("blocking ends contacts and requests", () => {
  it("removes an accepted contact and a pending request, whoever blocks", async () => {
    const [ana, ben, cy] = [await person(), await person(), await person()];
    await sendFriendRequest(ana, ben.id);
    await acceptFriendRequest(ben, ana.id);
    await sendFriendRequest(cy, ana.id);
    await blockUser(ben, ana.id);
    await blockUser(ana, cy.id);
    expect(await state(ana, ben)).toBe("none");
    expect(await state(ana, cy)).toBe("none");
    expect(await countIncomingRequests(ana)).toBe(0);
  });
});

describe("presence is for contacts only", () => {
  it("shows online and last seen to a contact and nothing to anyone else", async () => {
    const [ana, ben, cy] = [await person(), await person(), await person()];
    // Ana's open app says she is there.
    await markAlive(ana.id);
    expect(await getPresence(ben, ana.id)).toBeNull();
    await sendFriendRequest(ben, ana.id);
    expect(await getPresence(ben, ana.id)).toBeNull();
    await acceptFriendRequest(ana, ben.id);

    const seen = await getPresence(ben, ana.id);
    expect(seen?.online).toBe(true);
    expect(seen?.lastSeenAt).toBeGreaterThan(Date.now() - 60_000);
    expect((await listContacts(ben))[0]?.presence.online).toBe(true);
    expect(await getPresence(cy, ana.id)).toBeNull();
    expect(await getPresence(ana, ana.id)).toBeNull();
  });
});

describe("live", () => {
  const clients: ReturnType<typeof connectAs>[] = [];
  afterAll(() => clients.forEach((c) => c.disconnect()));

  it("tells the recipient of a new request, and the sender of the acceptance, on their own channels", async () => {
    const [ana, ben] = [await person(), await person()];
    const [anaClient, benClient] = [connectAs(ana), connectAs(ben)];
    clients.push(anaClient, benClient);
    const toAna = collect<{ userId: string }>(await subscribe(anaClient, userChannel(ana.id)), "contact.changed");
    const toBen = collect<{ userId: string }>(await subscribe(benClient, userChannel(ben.id)), "contact.changed");

    await sendFriendRequest(ana, ben.id);
    await until(() => toBen.length === 1);
    expect(toBen[0]).toEqual({ userId: ana.id });

    await acceptFriendRequest(ben, ana.id);
    await until(() => toAna.length === 2);
    expect(toAna).toEqual([{ userId: ben.id }, { userId: ben.id }]);
  });
});
