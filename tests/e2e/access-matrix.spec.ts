import type { Client } from "@libsql/client";
import { expect, test } from "@playwright/test";
import { othersView, snapshot } from "../support/db-snapshot";
import { listRouteHandlers, listServerActions, routePath } from "../support/endpoints";
import { png } from "../support/images";
import { callAction, form, type ActionOutcome } from "../support/server-actions";
import type { Stack } from "../support/stack";
import { SECRETS, startWorldStack, stopWorldStack, type Person, type World } from "../support/world";

/**
 * Every server action and route handler, called over HTTP against the production build as someone
 * who has no business with the thing named (a stranger, or a member without the right), must refuse
 * and leave the database exactly as it was; signed out, it must refuse too. The tables below are
 * checked against the source: an endpoint added without a case fails this file.
 */

// Cases compare whole-database snapshots, so nothing else may write to this stack meanwhile.
test.describe.configure({ mode: "serial" });
let stack: Stack;
let world: World;
let db: Client;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  ({ stack, world, db } = await startWorldStack());
});
test.afterAll(() => stopWorldStack({ stack, db }));

/**
 * - refused: a 4xx (routes) or `{ ok: false }` / a redirect to sign-in (actions), and no row changes;
 * - own-only: the endpoint only ever acts on its caller's own account, so it may succeed, but every
 *   row that is not the caller's stays exactly as it was;
 * - no-leak: a read that succeeds with the caller's own data, in which nothing of Ana's or Ben's appears;
 * - signs-none: a batch of channel signatures that succeeds, but signs none of the channels asked
 *   (each is `{ error }`), and leaks nothing as no-leak.
 */
type Expect = "refused" | "own-only" | "no-leak" | "signs-none";
type W = World & { p: World["people"] };
type ActionCase = { action: string; label: string; as: Person; args: (w: W) => unknown[]; expect: Expect };
type RouteCase = {
  route: string;
  label: string;
  as: Person;
  params?: (w: W) => Record<string, string>;
  query?: (w: W) => string;
  init?: (w: W) => Promise<RequestInit> | RequestInit;
  expect: Expect;
  /** A refusal's statuses, when not 401, 403 or 404: a member naming something outside their chat is bad input. */
  status?: number[];
};

const start = { ok: true };
const A = "app/(app)/actions.ts";
const G = "app/(app)/groups/actions.ts";
const R = "app/(app)/chat-actions.ts";
const C = "app/(app)/contacts/actions.ts";
const S = "app/(app)/settings/actions.ts";
const U = "app/(auth)/actions.ts";
const AD = "app/(app)/admin/actions.ts";

const actionCases: ActionCase[] = [
  {
    action: `${A}#startDirectConversationAction`,
    label: "Dan opens a chat with Ana, who blocked him",
    as: "dan",
    args: (w) => [start, form({ userId: w.p.ana.id })],
    expect: "refused",
  },
  { action: `${A}#editMessageAction`, label: "Eve edits Ana's message", as: "eve", args: (w) => [w.anaMessage, "edited by eve"], expect: "refused" },
  {
    action: `${A}#editMessageAction`,
    label: "Ben edits Ana's message in their chat",
    as: "ben",
    args: (w) => [w.anaMessage, "edited by ben"],
    expect: "refused",
  },
  { action: `${A}#deleteMessageAction`, label: "Eve deletes Ana's message", as: "eve", args: (w) => [w.anaMessage], expect: "refused" },
  { action: `${A}#deleteMessageAction`, label: "Ben deletes Ana's group message", as: "ben", args: (w) => [w.groupMessage], expect: "refused" },
  {
    action: `${A}#deleteMessageAction`,
    label: "Ben, room A's moderator, deletes Ana's message in room B",
    as: "ben",
    args: (w) => [w.roomBMessage],
    expect: "refused",
  },
  {
    action: `${A}#deleteMessageAction`,
    label: "Eve, in neither room, deletes Ana's message in room A",
    as: "eve",
    args: (w) => [w.roomAMessage],
    expect: "refused",
  },
  { action: `${A}#toggleReactionAction`, label: "Eve reacts to Ana's message", as: "eve", args: (w) => [w.anaMessage, "👍"], expect: "refused" },
  {
    action: `${A}#reportMessageAction`,
    label: "Eve reports Ana's message in a chat she is not in",
    as: "eve",
    args: (w) => [w.anaMessage, "spam"],
    expect: "refused",
  },
  { action: `${A}#reportMessageAction`, label: "Ana reports her own message", as: "ana", args: (w) => [w.anaMessage, "spam"], expect: "refused" },

  // No one in this world is a server admin (the accounts are written straight into the database).
  {
    action: `${AD}#setSignUpPolicyAction`,
    label: "Ben (not a server admin) closes sign-up",
    as: "ben",
    args: () => [start, form({ mode: "closed" })],
    expect: "refused",
  },
  {
    action: `${AD}#createInviteAction`,
    label: "Ben makes an invitation, members not allowed to",
    as: "ben",
    args: () => [start, form({ maxUses: "5", expiresInHours: "24" })],
    expect: "refused",
  },
  {
    action: `${AD}#revokeInviteAction`,
    label: "Ben revokes an invitation",
    as: "ben",
    args: () => [start, form({ inviteId: "A".repeat(32) })],
    expect: "refused",
  },
  {
    action: `${AD}#setServerAdminAction`,
    label: "Ben makes himself a server admin",
    as: "ben",
    args: (w) => [start, form({ userId: w.p.ben.id, admin: "true" })],
    expect: "refused",
  },
  {
    action: `${AD}#setDeactivatedAction`,
    label: "Ben deactivates Ana",
    as: "ben",
    args: (w) => [start, form({ userId: w.p.ana.id, deactivated: "true" })],
    expect: "refused",
  },
  {
    action: `${AD}#resolveReportAction`,
    label: "Ben dismisses a report",
    as: "ben",
    args: () => [start, form({ reportId: "1", resolution: "dismissed" })],
    expect: "refused",
  },
  {
    action: `${AD}#createRoomAction`,
    label: "Ben (not a server admin) creates a public room",
    as: "ben",
    args: () => [start, form({ name: "Ben's room" })],
    expect: "refused",
  },
  {
    action: `${AD}#renameRoomAction`,
    label: "Ben, room A's moderator, renames it",
    as: "ben",
    args: (w) => [start, form({ conversationId: w.roomA, name: "Ben's now" })],
    expect: "refused",
  },
  {
    action: `${AD}#renameRoomAction`,
    label: "Eve renames General",
    as: "eve",
    args: () => [start, form({ conversationId: "00000000-0000-4000-8000-000000000001", name: "Eve's" })],
    expect: "refused",
  },
  {
    action: `${AD}#setRoomArchivedAction`,
    label: "Ben, room A's moderator, archives it",
    as: "ben",
    args: (w) => [start, form({ conversationId: w.roomA, archived: "true" })],
    expect: "refused",
  },
  {
    action: `${AD}#setRoomArchivedAction`,
    label: "Eve archives room B",
    as: "eve",
    args: (w) => [start, form({ conversationId: w.roomB, archived: "true" })],
    expect: "refused",
  },
  {
    action: `${AD}#setRoomModeratorAction`,
    label: "Ben, room A's moderator, makes himself moderator of room B",
    as: "ben",
    args: (w) => [start, form({ conversationId: w.roomB, username: "ben", moderator: "true" })],
    expect: "refused",
  },
  {
    action: `${AD}#setRoomModeratorAction`,
    label: "Ana makes Ben a moderator no more",
    as: "ana",
    args: (w) => [start, form({ conversationId: w.roomA, username: "ben", moderator: "false" })],
    expect: "refused",
  },
  { action: `${R}#setPinnedAction`, label: "Eve pins Ana's message", as: "eve", args: (w) => [w.anaMessage, true], expect: "refused" },
  { action: `${R}#setPinnedAction`, label: "Ben (not an admin) pins in Ana's group", as: "ben", args: (w) => [w.groupMessage, true], expect: "refused" },
  {
    action: `${R}#forwardMessageAction`,
    label: "Eve forwards Ana's message into Ana and Ben's chat",
    as: "eve",
    args: (w) => [w.anaMessage, crypto.randomUUID(), [w.direct]],
    expect: "refused",
  },
  {
    action: `${R}#forwardMessageAction`,
    label: "Eve forwards Ana's file into Ana's group",
    as: "eve",
    args: (w) => [w.anaFileMessage, crypto.randomUUID(), [w.group]],
    expect: "refused",
  },
  {
    action: `${R}#forwardMessageAction`,
    label: "Ben forwards Ana's group message into the group and a chat he is not in",
    as: "ben",
    args: (w) => [w.groupMessage, crypto.randomUUID(), [w.group, crypto.randomUUID()]],
    expect: "refused",
  },
  { action: `${R}#muteConversationAction`, label: "Eve mutes Ana and Ben's chat", as: "eve", args: (w) => [w.direct, "forever"], expect: "refused" },
  { action: `${R}#muteConversationAction`, label: "Eve mutes Ana's group", as: "eve", args: (w) => [w.group, "8h"], expect: "refused" },

  {
    action: `${G}#createGroupAction`,
    label: "Dan puts Ana, who blocked him, in a group",
    as: "dan",
    args: (w) => [start, form({ name: "trap", memberIds: [w.p.ana.id] })],
    expect: "refused",
  },
  {
    action: `${G}#renameGroupAction`,
    label: "Eve renames Ana's group",
    as: "eve",
    args: (w) => [start, form({ conversationId: w.group, name: "eve's" })],
    expect: "refused",
  },
  {
    action: `${G}#renameGroupAction`,
    label: "Ben (not an admin) renames it",
    as: "ben",
    args: (w) => [start, form({ conversationId: w.group, name: "ben's" })],
    expect: "refused",
  },
  {
    action: `${G}#addMembersAction`,
    label: "Eve adds herself to Ana's group",
    as: "eve",
    args: (w) => [start, form({ conversationId: w.group, userIds: [w.p.eve.id] })],
    expect: "refused",
  },
  {
    action: `${G}#addMembersAction`,
    label: "Ben (not an admin) adds Eve",
    as: "ben",
    args: (w) => [start, form({ conversationId: w.group, userIds: [w.p.eve.id] })],
    expect: "refused",
  },
  {
    action: `${G}#changeMemberAction`,
    label: "Eve removes Ben from Ana's group",
    as: "eve",
    args: (w) => [start, form({ conversationId: w.group, userId: w.p.ben.id, intent: "remove" })],
    expect: "refused",
  },
  {
    action: `${G}#changeMemberAction`,
    label: "Ben (not an admin) removes Ana",
    as: "ben",
    args: (w) => [start, form({ conversationId: w.group, userId: w.p.ana.id, intent: "remove" })],
    expect: "refused",
  },
  {
    action: `${G}#changeMemberAction`,
    label: "Ben (not an admin) makes himself admin",
    as: "ben",
    args: (w) => [start, form({ conversationId: w.group, userId: w.p.ben.id, intent: "make-admin" })],
    expect: "refused",
  },
  {
    action: `${G}#leaveGroupAction`,
    label: "Eve leaves a group she is not in",
    as: "eve",
    args: (w) => [start, form({ conversationId: w.group })],
    expect: "refused",
  },
  {
    action: `${G}#joinRoomAction`,
    label: "Eve joins Ana's group as if it were a public room",
    as: "eve",
    args: (w) => [start, form({ conversationId: w.group })],
    expect: "refused",
  },
  {
    action: `${G}#joinRoomAction`,
    label: "Eve joins Ana and Ben's direct chat",
    as: "eve",
    args: (w) => [start, form({ conversationId: w.direct })],
    expect: "refused",
  },
  {
    action: `${G}#leaveRoomAction`,
    label: "Eve leaves Ana's group as a room",
    as: "eve",
    args: (w) => [start, form({ conversationId: w.group })],
    expect: "refused",
  },
  {
    action: `${G}#leaveRoomAction`,
    label: "Ben leaves his group as a room",
    as: "ben",
    args: (w) => [start, form({ conversationId: w.group })],
    expect: "refused",
  },

  {
    action: `${C}#sendFriendRequestAction`,
    label: "Dan sends Ana, who blocked him, a request",
    as: "dan",
    args: (w) => [start, form({ userId: w.p.ana.id })],
    expect: "refused",
  },
  {
    action: `${C}#cancelFriendRequestAction`,
    label: "Eve cancels Cyd's request to Ana",
    as: "eve",
    args: (w) => [start, form({ userId: w.p.ana.id, requesterId: w.p.cyd.id })],
    expect: "refused",
  },
  {
    action: `${C}#acceptFriendRequestAction`,
    label: "Eve accepts Cyd's request to Ana",
    as: "eve",
    args: (w) => [start, form({ userId: w.p.cyd.id, addresseeId: w.p.ana.id })],
    expect: "refused",
  },
  {
    action: `${C}#declineFriendRequestAction`,
    label: "Eve declines Cyd's request to Ana",
    as: "eve",
    args: (w) => [start, form({ userId: w.p.cyd.id })],
    expect: "refused",
  },
  {
    action: `${C}#removeContactAction`,
    label: "Eve ends Ana and Ben's contact",
    as: "eve",
    args: (w) => [start, form({ userId: w.p.ben.id, requesterId: w.p.ana.id })],
    expect: "refused",
  },
  {
    action: `${C}#blockUserAction`,
    label: "Eve blocks Ben in Ana's name",
    as: "eve",
    args: (w) => [start, form({ userId: w.p.ben.id, blockerId: w.p.ana.id })],
    expect: "own-only",
  },
  {
    action: `${C}#unblockUserAction`,
    label: "Eve lifts Ana's block on Dan",
    as: "eve",
    args: (w) => [start, form({ userId: w.p.dan.id, blockerId: w.p.ana.id })],
    expect: "own-only",
  },

  {
    action: `${S}#updateProfileAction`,
    label: "Eve saves a profile naming Ana's id",
    as: "eve",
    args: (w) => [start, form({ firstName: "Eve", lastName: "", bio: "", userId: w.p.ana.id, id: w.p.ana.id })],
    expect: "own-only",
  },
  {
    action: `${S}#changeUsernameAction`,
    label: "Eve takes Ana's username",
    as: "eve",
    args: (w) => [start, form({ username: "ANA", userId: w.p.ana.id })],
    expect: "refused",
  },
  {
    action: `${S}#changePasswordAction`,
    label: "Eve changes a password with Ana's",
    as: "eve",
    args: (w) => [start, form({ currentPassword: w.p.ana.password, newPassword: "eve owns this now", userId: w.p.ana.id })],
    expect: "refused",
  },
  {
    action: `${S}#deleteAccountAction`,
    label: "Eve deletes an account with Ana's password",
    as: "eve",
    args: (w) => [start, form({ password: w.p.ana.password, userId: w.p.ana.id })],
    expect: "refused",
  },
  {
    action: `${S}#choosePresetAvatarAction`,
    label: "Eve picks a picture naming Ana's id",
    as: "eve",
    args: (w) => [start, form({ preset: "citrus", userId: w.p.ana.id })],
    expect: "own-only",
  },
  { action: `${S}#removeAvatarAction`, label: "Eve removes her picture", as: "eve", args: () => [], expect: "own-only" },
  // Last of Eve's cases would not matter: it is Zed's, whose sessions it ends.
  { action: `${S}#signOutEverywhereAction`, label: "Zed signs out everywhere", as: "zed", args: () => [], expect: "own-only" },

  {
    action: `${U}#signUpAction`,
    label: "Eve signs up as Ana",
    as: "eve",
    args: () => [start, form({ username: "ana", password: "a new password" })],
    expect: "refused",
  },
  {
    action: `${U}#signInAction`,
    label: "Eve signs in as Ana with a wrong password",
    as: "eve",
    args: (w) => [start, form({ username: "ana", password: w.p.eve.password })],
    expect: "refused",
  },
  { action: `${U}#signOutAction`, label: "Eve signs out", as: "eve", args: () => [], expect: "own-only" },
];

/** Actions anyone may call signed out: what they do needs no session. */
const PUBLIC_ACTIONS = new Set([`${U}#signUpAction`, `${U}#signInAction`, `${U}#signOutAction`]);

const socket = "1234.5678";
const channelAuth = (channel: string): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ socket_id: socket, channel_name: channel }).toString(),
});
const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const image = async (): Promise<RequestInit> => ({ method: "POST", headers: { "content-type": "image/png" }, body: new Uint8Array(await png(64, 64)) });

const routeCases: RouteCase[] = [
  {
    route: "app/api/conversations/[id]/messages/route.ts#GET",
    label: "Eve reads Ana and Ben's chat",
    as: "eve",
    params: (w) => ({ id: w.direct }),
    expect: "refused",
  },
  {
    route: "app/api/conversations/[id]/messages/route.ts#GET",
    label: "Eve reads around Ana's message",
    as: "eve",
    params: (w) => ({ id: w.direct }),
    query: (w) => `?around=${w.anaMessage}`,
    expect: "refused",
  },
  {
    route: "app/api/conversations/[id]/messages/route.ts#POST",
    label: "Eve posts in Ana and Ben's chat",
    as: "eve",
    params: (w) => ({ id: w.direct }),
    init: () => json({ clientId: crypto.randomUUID(), body: "hi" }),
    expect: "refused",
  },
  {
    route: "app/api/conversations/[id]/messages/route.ts#POST",
    label: "Eve posts in the group, replying to its message",
    as: "eve",
    params: (w) => ({ id: w.group }),
    init: (w) => json({ clientId: crypto.randomUUID(), body: "hi", replyTo: w.groupMessage }),
    expect: "refused",
  },
  {
    route: "app/api/conversations/[id]/messages/route.ts#POST",
    label: "Dan posts to Ana, who blocked him, by the chat id",
    as: "dan",
    params: (w) => ({ id: w.direct }),
    init: () => json({ clientId: crypto.randomUUID(), body: "hi" }),
    expect: "refused",
  },
  {
    route: "app/api/conversations/[id]/messages/route.ts#POST",
    label: "Ben replies in the group to a message of the direct chat",
    as: "ben",
    params: (w) => ({ id: w.group }),
    init: (w) => json({ clientId: crypto.randomUUID(), body: "hi", replyTo: w.anaMessage, conversationId: w.direct }),
    expect: "refused",
    status: [400],
  },
  {
    route: "app/api/conversations/[id]/read/route.ts#POST",
    label: "Eve marks Ana and Ben's chat read",
    as: "eve",
    params: (w) => ({ id: w.direct }),
    init: (w) => json({ messageId: w.benMessage }),
    expect: "refused",
  },
  {
    route: "app/api/conversations/[id]/read/route.ts#POST",
    label: "Eve marks the group read",
    as: "eve",
    params: (w) => ({ id: w.group }),
    init: (w) => json({ messageId: w.groupMessage }),
    expect: "refused",
  },
  {
    route: "app/api/conversations/[id]/avatar/route.ts#POST",
    label: "Eve sets the group's picture",
    as: "eve",
    params: (w) => ({ id: w.group }),
    init: image,
    expect: "refused",
  },
  {
    route: "app/api/conversations/[id]/avatar/route.ts#POST",
    label: "Ben (not an admin) sets the group's picture",
    as: "ben",
    params: (w) => ({ id: w.group }),
    init: image,
    expect: "refused",
  },
  {
    route: "app/api/conversations/[id]/avatar/route.ts#POST",
    label: "Ana sets a direct chat's picture",
    as: "ana",
    params: (w) => ({ id: w.direct }),
    init: image,
    expect: "refused",
    status: [400],
  },
  {
    route: "app/api/account/avatar/route.ts#POST",
    label: "Eve uploads a picture naming Ana",
    as: "eve",
    query: (w) => `?userId=${w.p.ana.id}`,
    init: image,
    expect: "own-only",
  },
  { route: "app/api/account/export/route.ts#GET", label: "Eve exports her data", as: "eve", query: (w) => `?userId=${w.p.ana.id}`, expect: "no-leak" },
  {
    route: "app/api/push/subscriptions/route.ts#POST",
    label: "Eve subscribes a device naming Ana",
    as: "eve",
    init: (w) =>
      json({
        userId: w.p.ana.id,
        subscription: { endpoint: "https://push.example.invalid/eve", keys: { p256dh: `B${"A".repeat(86)}`, auth: "A".repeat(22) } },
      }),
    expect: "own-only",
  },
  {
    route: "app/api/push/subscriptions/route.ts#DELETE",
    label: "Eve unsubscribes a device naming Ana",
    as: "eve",
    init: (w) => ({ ...json({ userId: w.p.ana.id, endpoint: "https://push.example.invalid/ana" }), method: "DELETE" }),
    expect: "own-only",
  },
  {
    route: "app/api/push/preferences/route.ts#PUT",
    label: "Eve hides previews naming Ana",
    as: "eve",
    init: (w) => ({ ...json({ userId: w.p.ana.id, hidePreviews: true }), method: "PUT" }),
    expect: "own-only",
  },
  { route: "app/api/conversations/route.ts#GET", label: "Eve lists her chats", as: "eve", expect: "no-leak" },
  { route: "app/api/conversations/route.ts#GET", label: "Eve searches her chats for Ana and Ben's group", as: "eve", query: () => "?q=Ana", expect: "no-leak" },
  {
    route: "app/api/conversations/route.ts#GET",
    label: "Eve pages her chats from a cursor in Ana's",
    as: "eve",
    query: (w) => `?before=${Date.now()}_${w.direct}`,
    expect: "no-leak",
  },
  { route: "app/api/search/route.ts#GET", label: "Eve searches for Ana's words", as: "eve", query: () => `?q=${SECRETS.join("+OR+")}`, expect: "no-leak" },
  { route: "app/api/search/route.ts#GET", label: "Eve searches one of them", as: "eve", query: () => `?q=${SECRETS[0]}`, expect: "no-leak" },
  {
    route: "app/api/search/route.ts#GET",
    label: "Eve searches in Ana and Ben's chat",
    as: "eve",
    query: (w) => `?q=${SECRETS[0]}&conversationId=${w.direct}`,
    expect: "refused",
  },
  {
    route: "app/api/presence/route.ts#GET",
    label: "Eve reads Ana's presence (not her contact)",
    as: "eve",
    query: (w) => `?userId=${w.p.ana.id}`,
    expect: "no-leak",
  },
  {
    route: "app/api/presence/route.ts#POST",
    label: "Eve's heartbeat naming Ana",
    as: "eve",
    query: (w) => `?userId=${w.p.ana.id}`,
    init: (w) => json({ userId: w.p.ana.id }),
    expect: "own-only",
  },
  {
    route: "app/api/realtime/auth/route.ts#POST",
    label: "Eve subscribes to Ana's own channel",
    as: "eve",
    init: (w) => channelAuth(`private-user-${w.p.ana.id}`),
    expect: "refused",
  },
  {
    route: "app/api/realtime/auth/route.ts#POST",
    label: "Eve subscribes to Ana and Ben's chat",
    as: "eve",
    init: (w) => channelAuth(`private-conversation-${w.direct}`),
    expect: "refused",
  },
  {
    route: "app/api/realtime/auth/route.ts#POST",
    label: "Eve joins the group's typing channel",
    as: "eve",
    init: (w) => channelAuth(`presence-conversation-${w.group}`),
    expect: "refused",
  },
  {
    route: "app/api/realtime/auth/route.ts#POST",
    label: "Eve subscribes to a later epoch of the group",
    as: "eve",
    init: (w) => channelAuth(`private-conversation-${w.group}-1`),
    expect: "refused",
  },
  {
    route: "app/api/realtime/auth/batch/route.ts#POST",
    label: "Eve signs Ana's channel, the chat, its typing channel and a later epoch in one batch",
    as: "eve",
    init: (w) =>
      json({
        socketId: "123.456",
        channels: [`private-user-${w.p.ana.id}`, `private-conversation-${w.direct}`, `presence-conversation-${w.group}`, `private-conversation-${w.group}-1`],
      }),
    expect: "signs-none",
  },
  {
    route: "app/api/realtime/user-auth/route.ts#POST",
    label: "Eve signs a socket in naming Ana",
    as: "eve",
    init: (w) => ({
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ socket_id: socket, user_id: w.p.ana.id }).toString(),
    }),
    expect: "no-leak",
  },
  {
    route: "app/api/realtime/user-auth/route.ts#GET",
    label: "Eve asks whether her session stands, naming Ana",
    as: "eve",
    query: (w) => `?userId=${w.p.ana.id}`,
    expect: "no-leak",
  },
  {
    route: "app/api/realtime/webhook/route.ts#POST",
    label: "Eve posts an unsigned webhook saying Ana left",
    as: "eve",
    init: (w) => json({ time_ms: Date.now(), events: [{ name: "channel_vacated", channel: `private-user-${w.p.ana.id}` }] }),
    expect: "refused",
  },
  {
    route: "app/api/conversations/[id]/attachments/route.ts#POST",
    label: "Eve starts an upload in Ana and Ben's chat",
    as: "eve",
    params: (w) => ({ id: w.direct }),
    init: () => json({ clientId: crypto.randomUUID(), name: "x.pdf", size: 10 }),
    expect: "refused",
  },
  {
    route: "app/api/conversations/[id]/attachments/route.ts#POST",
    label: "Dan starts an upload to Ana, who blocked him",
    as: "dan",
    params: (w) => ({ id: w.direct }),
    init: () => json({ clientId: crypto.randomUUID(), name: "x.pdf", size: 10 }),
    expect: "refused",
  },
  {
    route: "app/api/attachments/[id]/complete/route.ts#POST",
    label: "Eve completes Ana's unsent upload",
    as: "eve",
    params: (w) => ({ id: w.anaUnsent }),
    expect: "refused",
  },
  {
    route: "app/api/attachments/[id]/complete/route.ts#POST",
    label: "Ben completes Ana's unsent upload",
    as: "ben",
    params: (w) => ({ id: w.anaUnsent }),
    expect: "refused",
  },
  {
    route: "app/api/attachments/[id]/route.ts#DELETE",
    label: "Ben cancels Ana's unsent upload",
    as: "ben",
    params: (w) => ({ id: w.anaUnsent }),
    expect: "refused",
  },
  {
    route: "app/api/attachments/[id]/route.ts#DELETE",
    label: "Eve deletes Ana's sent file",
    as: "eve",
    params: (w) => ({ id: w.anaAttachment }),
    expect: "refused",
  },
  {
    route: "app/api/attachments/[id]/[variant]/route.ts#GET",
    label: "Eve downloads Ana's file from Ana and Ben's chat",
    as: "eve",
    params: (w) => ({ id: w.anaAttachment, variant: "download" }),
    expect: "refused",
  },
  {
    route: "app/api/attachments/[id]/[variant]/route.ts#GET",
    label: "Ben downloads Ana's file she has not sent",
    as: "ben",
    params: (w) => ({ id: w.anaUnsent, variant: "download" }),
    expect: "refused",
  },
  {
    route: "app/api/files/[kind]/[id]/route.ts#GET",
    label: "Eve reads a stored file by its key, unsigned",
    as: "eve",
    params: (w) => ({ kind: "u", id: w.anaAttachment }),
    expect: "refused",
  },
  {
    route: "app/api/files/[kind]/[id]/route.ts#PUT",
    label: "Eve overwrites a stored file by its key, unsigned",
    as: "eve",
    params: (w) => ({ kind: "u", id: w.anaAttachment }),
    init: () => ({ method: "PUT", headers: { "content-type": "application/octet-stream" }, body: "<script>alert(1)</script>" }),
    expect: "refused",
  },
];

/** Routes with no session by design, and why: they are still called signed out below and must not fail. */
const PUBLIC_ROUTES: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts#GET": "Auth.js's own sign-in, session and CSRF endpoints",
  "app/api/auth/[...nextauth]/route.ts#POST": "Auth.js's own sign-in and sign-out endpoints",
  "app/api/health/route.ts#GET": "the load balancer's health check",
  "app/api/avatars/[id]/[size]/route.ts#GET": "images addressed by content hash, public by design",
  "app/api/realtime/webhook/route.ts#POST": "Soketi's webhook, authenticated by its HMAC signature instead",
  "app/api/files/[kind]/[id]/route.ts#GET": "the local file store's signed URLs, authorized by their HMAC signature (signed after the membership check)",
  "app/api/files/[kind]/[id]/route.ts#PUT": "the local file store's signed upload URLs, authorized by their HMAC signature",
};

const w = () => ({ ...world, p: world.people });
const isSignInRedirect = (location: string | null | undefined) => Boolean(location && new URL(location, "http://x").pathname === "/sign-in");

function describeOutcome(outcome: ActionOutcome): string {
  return `HTTP ${outcome.status}${outcome.thrown ? ` threw ${outcome.thrown}` : ""}: ${JSON.stringify(outcome.result) ?? outcome.raw.slice(0, 200)}`;
}

test("every server action and route handler has cases", () => {
  const actions = listServerActions();
  expect(actions.length).toBeGreaterThan(20);
  const covered = new Set(actionCases.map((c) => c.action));
  expect(
    actions.filter((a) => !covered.has(a)),
    "actions without an access case",
  ).toEqual([]);
  expect(
    [...covered].filter((a) => !actions.includes(a)),
    "cases for actions that no longer exist",
  ).toEqual([]);
  expect(
    actions.filter((a) => !world.actionIds.has(a)),
    "actions missing from the build: run npm run build",
  ).toEqual([]);

  const routes = listRouteHandlers();
  expect(routes.length).toBeGreaterThan(10);
  const routed = new Set([...routeCases.map((c) => c.route), ...Object.keys(PUBLIC_ROUTES)]);
  expect(
    routes.filter((r) => !routed.has(r)),
    "route handlers without an access case",
  ).toEqual([]);
  expect(
    [...routed].filter((r) => !routes.includes(r)),
    "cases for routes that no longer exist",
  ).toEqual([]);
});

test("a signed-in user cannot act on what is not theirs, and nothing changes", async () => {
  test.setTimeout(120_000);
  for (const c of actionCases) {
    await test.step(`${c.action.split("#")[1]}: ${c.label}`, async () => {
      const actor = world.people[c.as];
      const before = await snapshot(db);
      const outcome = await callAction(world.baseURL, world.actionIds.get(c.action)!, c.args(w()), { cookie: actor.cookie });
      const after = await snapshot(db);
      const said = describeOutcome(outcome);
      expect(outcome.status, said).toBeLessThan(500);
      expect(outcome.thrown, said).toBeUndefined();
      if (c.expect === "refused") {
        expect((outcome.result as { ok?: boolean } | undefined)?.ok, said).toBe(false);
        expect(after).toEqual(before);
      } else {
        expect(othersView(after, actor.id)).toEqual(othersView(before, actor.id));
      }
      if (c.expect === "no-leak") {
        for (const secret of [...SECRETS, world.direct, world.group]) expect(outcome.raw).not.toContain(secret);
        expect(after).toEqual(before);
      }
    });
  }

  for (const c of routeCases) {
    await test.step(`${c.route}: ${c.label}`, async () => {
      const actor = world.people[c.as];
      const url = `${world.baseURL}${routePath(c.route.split("#")[0]!, c.params?.(w()))}${c.query?.(w()) ?? ""}`;
      const init = (await c.init?.(w())) ?? {};
      const before = await snapshot(db);
      const response = await fetch(url, {
        ...init,
        method: c.route.split("#")[1],
        headers: { ...(init.headers as Record<string, string>), cookie: actor.cookie },
      });
      const body = await response.text();
      const after = await snapshot(db);
      const said = `HTTP ${response.status}: ${body.slice(0, 200)}`;
      if (c.expect === "refused") {
        expect(c.status ?? [401, 403, 404], said).toContain(response.status);
        expect(after).toEqual(before);
      } else {
        expect(response.status, said).toBeLessThan(300);
        expect(othersView(after, actor.id)).toEqual(othersView(before, actor.id));
      }
      if (c.expect === "no-leak" || c.expect === "signs-none") {
        for (const secret of [...SECRETS, world.direct, world.group]) expect(body).not.toContain(secret);
        expect(after).toEqual(before);
      }
      if (c.expect === "signs-none") {
        const { channels } = JSON.parse(body) as { channels: object[] };
        expect(channels.length, said).toBeGreaterThan(0);
        for (const grant of channels) expect(grant, said).toHaveProperty("error");
      }
    });
  }
});

test("signed out, every action and route refuses and nothing changes", async () => {
  test.setTimeout(120_000);
  // No cookie at all, and a cookie the server cannot read (forged, expired, from another secret):
  // the first never passes proxy.ts, the second reaches the data layer, which must refuse it itself.
  const visitors = { "no cookie": undefined, "a forged cookie": "authjs.session-token=forged" };
  const firstCase = new Map(actionCases.map((c) => [c.action, c] as const).reverse());
  for (const [action, c] of firstCase) {
    if (PUBLIC_ACTIONS.has(action)) continue;
    for (const [visitor, cookie] of Object.entries(visitors)) {
      await test.step(`${action} with ${visitor}`, async () => {
        const before = await snapshot(db);
        const outcome = await callAction(world.baseURL, world.actionIds.get(action)!, c.args(w()), { cookie });
        const after = await snapshot(db);
        const said = describeOutcome(outcome);
        expect(outcome.status, said).toBeLessThan(500);
        expect(outcome.thrown, said).toBeUndefined();
        // Every action refuses as { ok: false, message } (lib/action-result.ts).
        const result = outcome.result as { ok?: boolean; message?: string } | undefined;
        const refused = result?.ok === false && result.message === "Please sign in.";
        const redirected = isSignInRedirect(outcome.redirect) || (outcome.status >= 300 && outcome.status < 400 && isSignInRedirect(outcome.raw));
        expect(refused || redirected, said).toBe(true);
        expect(after).toEqual(before);
      });
    }
  }

  const routes = [...new Map(routeCases.map((c) => [c.route, c] as const)).values()];
  for (const c of routes) {
    for (const [visitor, cookie] of Object.entries(visitors)) {
      await test.step(`${c.route} with ${visitor}`, async () => {
        const url = `${world.baseURL}${routePath(c.route.split("#")[0]!, c.params?.(w()))}${c.query?.(w()) ?? ""}`;
        const init = (await c.init?.(w())) ?? {};
        const before = await snapshot(db);
        const headers = { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) };
        const response = await fetch(url, { ...init, method: c.route.split("#")[1], headers });
        const body = await response.text();
        expect(response.status, body.slice(0, 200)).toBe(401);
        expect(await snapshot(db)).toEqual(before);
      });
    }
  }

  for (const route of Object.keys(PUBLIC_ROUTES)) {
    await test.step(`${route} (public) signed out`, async () => {
      const url = `${world.baseURL}${routePath(route.split("#")[0]!, { nextauth: "session", id: "0".repeat(64), size: "small", kind: "u" })}`;
      const response = await fetch(url, { method: route.split("#")[1], redirect: "manual" });
      expect(response.status, await response.text()).toBeLessThan(500);
    });
  }
});
