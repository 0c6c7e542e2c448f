import type { Client } from "@libsql/client";
import { and, eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { conversation, conversationMember } from "@/db/schema";
import { createAccounts, type Account } from "./accounts";
import { openSnapshotClient } from "./db-snapshot";
import { callAction, form, readActionIds } from "./server-actions";
import { startStack, type Stack } from "./stack";

export const PEOPLE = ["ana", "ben", "cyd", "dan", "eve", "zed"] as const;
export type Person = (typeof PEOPLE)[number];

/** Words only Ana's and Ben's conversations hold: finding one anywhere Eve can read is a leak. */
export const SECRETS = ["alphasecret", "betasecret", "gammasecret"] as const;

/**
 * What the access tests act on, built through the app itself (its actions and API) by its owners:
 * Ana and Ben are contacts with a direct chat and a group (Ana its admin); Cyd has a pending request
 * to Ana; Ana blocked Dan; Eve and Zed have nothing of their own. Ana and Ben are in two public
 * rooms, A and B, where Ben moderates room A only.
 */
export type World = {
  baseURL: string;
  people: Record<Person, Account>;
  actionIds: Map<string, string>;
  direct: string;
  group: string;
  /** Ana's message in the direct chat, Ben's there, and Ana's in the group. */
  anaMessage: number;
  benMessage: number;
  groupMessage: number;
  /** A PDF Ana sent in the direct chat (with Ana's message `anaFileMessage`), and one she uploaded but has not sent. */
  anaAttachment: string;
  anaFileMessage: number;
  anaUnsent: string;
  /** Public rooms (made in the database: no one here is a server admin) and Ana's message in each. */
  roomA: string;
  roomB: string;
  roomAMessage: number;
  roomBMessage: number;
};

export async function buildWorld(baseURL: string, databaseUrl: string): Promise<World> {
  const people = await createAccounts(databaseUrl, PEOPLE);
  const actionIds = readActionIds();
  const act = async (as: Person, action: string, args: unknown[]) => {
    const id = actionIds.get(action);
    if (!id) throw new Error(`no action ${action} in the build`);
    const outcome = await callAction(baseURL, id, args, { cookie: people[as].cookie });
    if (outcome.status >= 400 || outcome.thrown || (outcome.result as { ok?: boolean } | undefined)?.ok === false) {
      throw new Error(`${as} ${action}: ${outcome.status} ${outcome.raw.slice(0, 300)}`);
    }
    return outcome;
  };
  const post = async (as: Person, conversationId: string, body: string): Promise<number> => {
    const response = await fetch(`${baseURL}/api/conversations/${conversationId}/messages`, {
      method: "POST",
      headers: { cookie: people[as].cookie, "content-type": "application/json" },
      body: JSON.stringify({ clientId: crypto.randomUUID(), body }),
    });
    if (response.status !== 201) throw new Error(`${as} could not post: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { message: { id: number } }).message.id;
  };
  const upload = async (as: Person, conversationId: string, clientId: string, name: string, bytes: Buffer): Promise<string> => {
    const headers = { cookie: people[as].cookie, "content-type": "application/json" };
    const started = await fetch(`${baseURL}/api/conversations/${conversationId}/attachments`, {
      method: "POST",
      headers,
      body: JSON.stringify({ clientId, name, size: bytes.byteLength }),
    });
    if (started.status !== 201) throw new Error(`${as} could not start an upload: ${started.status} ${await started.text()}`);
    const { attachment, upload: target } = (await started.json()) as { attachment: { id: string }; upload: { url: string; headers: Record<string, string> } };
    const put = await fetch(new URL(target.url, baseURL), { method: "PUT", headers: target.headers, body: new Uint8Array(bytes) });
    if (!put.ok) throw new Error(`${as} could not upload: ${put.status}`);
    const done = await fetch(`${baseURL}/api/attachments/${attachment.id}/complete`, { method: "POST", headers: { cookie: people[as].cookie } });
    if (!done.ok) throw new Error(`${as} could not complete an upload: ${done.status}`);
    return attachment.id;
  };
  const idFrom = (redirect: string | undefined) => redirect!.split("/").pop()!;

  const direct = idFrom((await act("ana", "app/(app)/actions.ts#startDirectConversationAction", [{ ok: true }, form({ userId: people.ben.id })])).redirect);
  const anaMessage = await post("ana", direct, `hello ben ${SECRETS[0]}`);
  const benMessage = await post("ben", direct, `hello ana ${SECRETS[1]}`);
  const fileClientId = crypto.randomUUID();
  const anaAttachment = await upload("ana", direct, fileClientId, "plans.pdf", Buffer.from("%PDF-1.4\n%%EOF\n"));
  const sentFile = await fetch(`${baseURL}/api/conversations/${direct}/messages`, {
    method: "POST",
    headers: { cookie: people.ana.cookie, "content-type": "application/json" },
    body: JSON.stringify({ clientId: fileClientId, body: "", attachments: [anaAttachment] }),
  });
  if (sentFile.status !== 201) throw new Error(`ana could not send a file: ${sentFile.status} ${await sentFile.text()}`);
  const anaFileMessage = ((await sentFile.json()) as { message: { id: number } }).message.id;
  const anaUnsent = await upload("ana", direct, crypto.randomUUID(), "draft.pdf", Buffer.from("%PDF-1.4\n%%EOF\n"));
  await act("ana", "app/(app)/contacts/actions.ts#sendFriendRequestAction", [{ ok: true }, form({ userId: people.ben.id })]);
  await act("ben", "app/(app)/contacts/actions.ts#acceptFriendRequestAction", [{ ok: true }, form({ userId: people.ana.id })]);
  // Contacts first: a group takes only the creator's contacts.
  const group = idFrom(
    (await act("ana", "app/(app)/groups/actions.ts#createGroupAction", [{ ok: true }, form({ name: "Ana and Ben", memberIds: [people.ben.id] })])).redirect,
  );
  const groupMessage = await post("ana", group, `welcome ${SECRETS[2]}`);
  await act("cyd", "app/(app)/contacts/actions.ts#sendFriendRequestAction", [{ ok: true }, form({ userId: people.ana.id })]);
  await act("ana", "app/(app)/contacts/actions.ts#blockUserAction", [{ ok: true }, form({ userId: people.dan.id })]);
  await act("ben", "app/(app)/actions.ts#toggleReactionAction", [anaMessage, "👍"]);
  const [roomA, roomB] = [crypto.randomUUID(), crypto.randomUUID()];
  const db = await openDatabase(databaseUrl);
  try {
    await db.insert(conversation).values([
      { id: roomA, kind: "public", name: "Room A" },
      { id: roomB, kind: "public", name: "Room B" },
    ]);
  } finally {
    db.$client.close();
  }
  for (const room of [roomA, roomB]) {
    for (const who of ["ana", "ben"] as const) await act(who, "app/(app)/groups/actions.ts#joinRoomAction", [{ ok: true }, form({ conversationId: room })]);
  }
  const moderators = await openDatabase(databaseUrl);
  try {
    await moderators
      .update(conversationMember)
      .set({ role: "moderator" })
      .where(and(eq(conversationMember.conversationId, roomA), eq(conversationMember.userId, people.ben.id)));
  } finally {
    moderators.$client.close();
  }
  const roomAMessage = await post("ana", roomA, "hello room A");
  const roomBMessage = await post("ana", roomB, "hello room B");
  return {
    baseURL,
    people,
    actionIds,
    direct,
    group,
    anaMessage,
    benMessage,
    groupMessage,
    anaAttachment,
    anaFileMessage,
    anaUnsent,
    roomA,
    roomB,
    roomAMessage,
    roomBMessage,
  };
}

/** A stack of a spec file's own, the world built on it, and a client for snapshots of its database. */
export type WorldStack = { stack: Stack; world: World; db: Client };

export async function startWorldStack(): Promise<WorldStack> {
  const stack = await startStack();
  try {
    const world = await buildWorld(stack.baseURL, stack.databaseUrl);
    return { stack, world, db: openSnapshotClient(stack.databaseUrl) };
  } catch (error) {
    // The caller has no stack to stop yet.
    await stack.stop();
    throw error;
  }
}

/** Closes the snapshot client and stops the stack; either is missing when starting failed. */
export async function stopWorldStack({ stack, db }: Partial<WorldStack>): Promise<void> {
  db?.close();
  await stack?.stop();
}
