import { readFileSync } from "node:fs";
import type { Client } from "@libsql/client";
import { expect, test } from "@playwright/test";
import { createAccounts, type Account } from "../support/accounts";
import { snapshot } from "../support/db-snapshot";
import { listServerActions } from "../support/endpoints";
import { CONFUSED_VALUES, HOSTILE_STRINGS } from "../support/hostile-strings";
import { callAction, form, type ActionOutcome } from "../support/server-actions";
import type { Stack } from "../support/stack";
import { startWorldStack, stopWorldStack, type World } from "../support/world";

/**
 * The hostile-string corpus sent to every text field over HTTP, through the same API and server
 * actions the interface uses. Each value is stored and read back exactly (after the field's
 * documented normalisation: usernames are trimmed and lower-cased, names, bios and group names
 * trimmed, message text kept as sent), or refused with a message a person can read. Never a 500.
 */

test.describe.configure({ mode: "serial" });
let stack: Stack;
let world: World;
let db: Client;
/** One person per profile field, so that the fields can be tried side by side. */
let editors: Record<"fay" | "gus" | "hal", Account>;
/** A server admin, for the room names only an admin gives, and the room they rename. */
let admin: Account;
let adminRoom: string;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  ({ stack, world, db } = await startWorldStack());
  editors = await createAccounts(stack.databaseUrl, ["fay", "gus", "hal"]);
  ({ ida: admin } = await createAccounts(stack.databaseUrl, ["ida"]));
  await db.execute({ sql: "UPDATE user SET role = 'admin' WHERE id = ?", args: [admin.id] });
  expect(refusal(await act(admin, "app/(app)/admin/actions.ts#createRoomAction", [{ ok: true }, form({ name: "to be renamed" })]))).toBeNull();
  adminRoom = await newestRoom();
});

async function newestRoom(): Promise<string> {
  const { rows } = await db.execute({ sql: "SELECT id FROM conversation WHERE kind = 'public' ORDER BY created_at DESC, rowid DESC LIMIT 1", args: [] });
  return String(rows[0]!.id);
}
test.afterAll(() => stopWorldStack({ stack, db }));

/** What a field did with a value: kept it (as read back from the app), or refused it with this message. */
type Outcome = { stored: string } | { refused: string };

const GENERIC = ["Something went wrong.", "That input is not valid."];
const ids = () => world.actionIds;
const people = () => world.people;

async function api(as: Account, method: "GET" | "POST", path: string, json?: unknown) {
  const response = await fetch(`${stack.baseURL}${path}`, {
    method,
    headers: { cookie: as.cookie, ...(json === undefined ? {} : { "content-type": "application/json" }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await response.text();
  expect(response.status, `${method} ${path}: ${text.slice(0, 300)}`).toBeLessThan(500);
  type Body = Record<string, unknown> & { error?: { message: string } };
  // Node answers a URL over its 16 KB header limit itself (431), with no body.
  return { status: response.status, body: (response.status === 431 ? {} : JSON.parse(text)) as Body };
}

async function act(as: Account | null, action: string, args: unknown[], path?: string): Promise<ActionOutcome> {
  const outcome = await callAction(stack.baseURL, ids().get(action)!, args, { cookie: as?.cookie, path });
  expect(outcome.status, `${action}: ${outcome.raw.slice(0, 300)}`).toBeLessThan(500);
  expect(outcome.thrown, `${action} threw: ${outcome.raw.slice(0, 300)}`).toBeUndefined();
  return outcome;
}

/** The source of the function an action names (`file#name`), up to its body. */
function sourceOf(action: string): string {
  const [file, name] = action.split("#") as [string, string];
  return new RegExp(`export async function ${name}\\([^)]*\\)`).exec(readFileSync(file, "utf8"))?.[0] ?? "";
}

/** A form action's refusal message, or null when it succeeded. */
function refusal(outcome: ActionOutcome): string | null {
  const result = outcome.result as { ok?: boolean; message?: string } | undefined;
  return result?.ok === false ? (result.message ?? "") : null;
}

type MessageDTO = { id: number; body: string | null; replyTo: { body: string | null } | null };

async function readMessage(as: Account, conversationId: string, id: number): Promise<MessageDTO> {
  const { body } = await api(as, "GET", `/api/conversations/${conversationId}/messages?around=${id}&limit=3`);
  const found = (body.messages as MessageDTO[]).find((m) => m.id === id);
  expect(found, `message ${id} is listed`).toBeDefined();
  return found!;
}

async function postMessage(as: Account, conversationId: string, text: unknown, replyTo?: number): Promise<{ message?: MessageDTO; refused?: string }> {
  const { status, body } = await api(as, "POST", `/api/conversations/${conversationId}/messages`, { clientId: crypto.randomUUID(), body: text, replyTo });
  if (status === 201) return { message: body.message as MessageDTO };
  return { refused: body.error?.message ?? "" };
}

async function exportedProfile(as: Account): Promise<Record<string, string>> {
  return (await api(as, "GET", "/api/account/export")).body.profile as Record<string, string>;
}

async function conversationTitle(as: Account, conversationId: string): Promise<string> {
  const { body } = await api(as, "GET", "/api/conversations?limit=100");
  const found = (body.conversations as { id: string; title: string }[]).find((c) => c.id === conversationId);
  expect(found, `conversation ${conversationId} is listed`).toBeDefined();
  return found!.title;
}

// FormData holds USVStrings: appending a lone surrogate already turns it into U+FFFD, in a browser
// as here, so a form field can never carry one to the server.
const formText = (s: string) => s.toWellFormed();
const trim = (s: string) => formText(s).trim();
const same = (s: string) => s;
const snippet = (s: string) => Array.from(s).slice(0, 140).join("");
let signUps = 0;

/** Every text field: how to send a value, and what it should read back as when it is kept. */
const FIELDS: { field: string; normalise: (value: string) => string; send: (value: string) => Promise<Outcome> }[] = [
  {
    field: "message body (API), as the other member reads it",
    normalise: same,
    send: async (value) => {
      const sent = await postMessage(people().ana, world.direct, value);
      if (!sent.message) return { refused: sent.refused! };
      expect.soft(sent.message.body, "the sender's copy").toBe(value);
      return { stored: (await readMessage(people().ben, world.direct, sent.message.id)).body ?? "<no body>" };
    },
  },
  {
    field: "reply text and the quoted snippet",
    normalise: same,
    send: async (value) => {
      const original = await postMessage(people().ana, world.direct, `${value}!`);
      const reply = await postMessage(people().ben, world.direct, value, original.message?.id ?? world.anaMessage);
      if (!reply.message) return { refused: reply.refused! };
      const read = await readMessage(people().ana, world.direct, reply.message.id);
      if (original.message) expect.soft(read.replyTo?.body, "the quoted snippet").toBe(snippet(`${value}!`));
      return { stored: read.body ?? "<no body>" };
    },
  },
  {
    field: "message edit (action)",
    normalise: same,
    send: async (value) => {
      const { message } = await postMessage(people().ana, world.direct, "before the edit");
      const outcome = await act(people().ana, "app/(app)/actions.ts#editMessageAction", [message!.id, value]);
      const refused = refusal(outcome);
      if (refused !== null) return { refused };
      return { stored: (await readMessage(people().ben, world.direct, message!.id)).body ?? "<no body>" };
    },
  },
  {
    // Goes through reportSchema (lib/validations/admin.ts): trimmed, and read back as stored for the admins.
    field: "report reason",
    normalise: (v) => v.trim(),
    send: async (value) => {
      const { message } = await postMessage(people().ana, world.direct, "a message to report");
      const refused = refusal(await act(people().ben, "app/(app)/actions.ts#reportMessageAction", [message!.id, value]));
      if (refused !== null) return { refused };
      const { rows } = await db.execute({ sql: "SELECT reason FROM report WHERE message_id = ? AND reporter_id = ?", args: [message!.id, people().ben.id] });
      return { stored: rows[0] ? String(rows[0].reason) : "<no report stored>" };
    },
  },
  {
    field: "username at sign-up",
    normalise: (v) => trim(v).toLowerCase(),
    send: async (value) => {
      const outcome = await act(null, "app/(auth)/actions.ts#signUpAction", [{ ok: true }, form({ username: value, password: "a fine password" })], "/sign-up");
      const refused = refusal(outcome);
      if (refused !== null) return { refused };
      const { rows } = await db.execute({ sql: "SELECT username FROM user ORDER BY created_at DESC, rowid DESC LIMIT 1", args: [] });
      return { stored: String(rows[0]!.username) };
    },
  },
  {
    field: "username change",
    normalise: (v) => trim(v).toLowerCase(),
    send: async (value) => {
      const refused = refusal(await act(people().zed, "app/(app)/settings/actions.ts#changeUsernameAction", [{ ok: true }, form({ username: value })]));
      if (refused !== null) return { refused };
      return { stored: (await exportedProfile(people().zed)).username! };
    },
  },
  ...(
    [
      ["firstName", "fay"],
      ["lastName", "gus"],
      ["bio", "hal"],
    ] as const
  ).map(([name, editor]) => ({
    field: `profile ${name}`,
    normalise: trim,
    send: async (value: string): Promise<Outcome> => {
      const fields = { firstName: "", lastName: "", bio: "", [name]: value };
      const refused = refusal(await act(editors[editor], "app/(app)/settings/actions.ts#updateProfileAction", [{ ok: true }, form(fields)]));
      if (refused !== null) return { refused };
      return { stored: (await exportedProfile(editors[editor]))[name]! };
    },
  })),
  {
    field: "password (sign up, then sign in with it)",
    normalise: same,
    send: async (value) => {
      const username = `pw_${++signUps}`;
      const up = await act(null, "app/(auth)/actions.ts#signUpAction", [{ ok: true }, form({ username, password: value })], "/sign-up");
      const refused = refusal(up);
      if (refused !== null) return { refused };
      const signedIn = await act(null, "app/(auth)/actions.ts#signInAction", [{ ok: true }, form({ username, password: value })], "/sign-in");
      return { stored: refusal(signedIn) === null ? value : "<could not sign in with it>" };
    },
  },
  {
    field: "group name (create)",
    normalise: trim,
    send: async (value) => {
      const outcome = await act(people().ana, "app/(app)/groups/actions.ts#createGroupAction", [
        { ok: true },
        form({ name: value, memberIds: [people().ben.id] }),
      ]);
      const refused = refusal(outcome);
      if (refused !== null) return { refused };
      return { stored: await conversationTitle(people().ben, outcome.redirect!.split("/").pop()!) };
    },
  },
  {
    field: "group name (rename)",
    normalise: trim,
    send: async (value) => {
      const refused = refusal(
        await act(people().ana, "app/(app)/groups/actions.ts#renameGroupAction", [{ ok: true }, form({ conversationId: world.group, name: value })]),
      );
      if (refused !== null) return { refused };
      return { stored: await conversationTitle(people().ben, world.group) };
    },
  },
  {
    field: "room name (create), as its members' list shows it",
    normalise: trim,
    send: async (value) => {
      const refused = refusal(await act(admin, "app/(app)/admin/actions.ts#createRoomAction", [{ ok: true }, form({ name: value })]));
      if (refused !== null) return { refused };
      const id = await newestRoom();
      const stored = await conversationTitle(admin, id);
      // Names are unique: the next value (or the rename field) may need this one.
      expect(
        refusal(await act(admin, "app/(app)/admin/actions.ts#renameRoomAction", [{ ok: true }, form({ conversationId: id, name: `freed ${id}` })])),
      ).toBeNull();
      return { stored };
    },
  },
  {
    field: "room name (rename)",
    normalise: trim,
    send: async (value) => {
      const refused = refusal(
        await act(admin, "app/(app)/admin/actions.ts#renameRoomAction", [{ ok: true }, form({ conversationId: adminRoom, name: value })]),
      );
      if (refused !== null) return { refused };
      return { stored: await conversationTitle(admin, adminRoom) };
    },
  },
  {
    // Names are shown as text and sent in Content-Disposition; trimmed, as a person would expect.
    field: "file name (upload), as the other member reads it and downloads it",
    normalise: (v) => v.trim(),
    send: async (value) => {
      const clientId = crypto.randomUUID();
      const bytes = new TextEncoder().encode("some bytes");
      const started = await api(people().ana, "POST", `/api/conversations/${world.direct}/attachments`, { clientId, name: value, size: bytes.byteLength });
      if (started.status !== 201) return { refused: started.body.error?.message ?? "" };
      const { attachment, upload } = started.body as unknown as { attachment: { id: string }; upload: { url: string; headers: Record<string, string> } };
      expect((await fetch(new URL(upload.url, stack.baseURL), { method: "PUT", headers: upload.headers, body: bytes })).status).toBe(200);
      expect((await api(people().ana, "POST", `/api/attachments/${attachment.id}/complete`)).status).toBe(200);
      const sent = await api(people().ana, "POST", `/api/conversations/${world.direct}/messages`, { clientId, body: "", attachments: [attachment.id] });
      expect(sent.status).toBe(201);
      const read = await readMessage(people().ben, world.direct, (sent.body.message as MessageDTO).id);
      const download = await fetch(`${stack.baseURL}/api/attachments/${attachment.id}/download`, { headers: { cookie: people().ben.cookie } });
      expect.soft(download.status, `downloading a file named ${JSON.stringify(value)}`).toBe(200);
      expect.soft(download.headers.get("content-disposition"), "a download's disposition").toMatch(/^attachment; filename="[\x20-\x7e]*"/);
      expect.soft(await download.text()).toBe("some bytes");
      return { stored: (read as MessageDTO & { attachments: { name: string }[] }).attachments[0]?.name ?? "<no file>" };
    },
  },
  {
    field: "reaction",
    normalise: same,
    send: async (value) => {
      const outcome = await act(people().ben, "app/(app)/actions.ts#toggleReactionAction", [world.anaMessage, value]);
      const refused = refusal(outcome);
      if (refused !== null) return { refused };
      // Any single emoji is a reaction: it must come back exactly as sent. Taken back again, so
      // that the next value starts from the same message.
      const { changed } = outcome.result as { changed: { reactions: { emoji: string; users: string[] }[] } };
      const mine = changed.reactions.find((r) => r.emoji === value && r.users.includes(people().ben.username));
      await act(people().ben, "app/(app)/actions.ts#toggleReactionAction", [world.anaMessage, value]);
      return { stored: mine ? mine.emoji : "<not among the reactions>" };
    },
  },
];

test("every text field keeps hostile text exactly or refuses it clearly", async () => {
  test.setTimeout(240_000);
  // Fields that share nothing are tried side by side; sign-ups stay in one lane, in order.
  const lanes = [
    ["message body (API), as the other member reads it", "reply text and the quoted snippet", "message edit (action)"],
    ["username at sign-up", "password (sign up, then sign in with it)"],
    ["username change", "reaction"],
    ["profile firstName"],
    ["profile lastName"],
    ["profile bio"],
    ["file name (upload), as the other member reads it and downloads it"],
    ["group name (create)", "group name (rename)"],
    ["report reason"],
    ["room name (create), as its members' list shows it", "room name (rename)"],
  ];
  expect(lanes.flat().sort()).toEqual(FIELDS.map((f) => f.field).sort());
  await Promise.all(
    lanes.map(async (lane) => {
      for (const { field, normalise, send } of FIELDS.filter((f) => lane.includes(f.field))) {
        for (const { name, value } of HOSTILE_STRINGS) {
          const outcome = await send(value);
          if ("stored" in outcome) {
            expect.soft(outcome.stored, `${field} kept ${name}, but not as sent`).toBe(normalise(value));
          } else {
            expect.soft(outcome.refused.length, `${field} refused ${name} without a message`).toBeGreaterThan(0);
            expect.soft(GENERIC, `${field} refused ${name} with a generic message`).not.toContain(outcome.refused);
          }
        }
      }
    }),
  );
});

test("searches answer hostile queries and never echo them as markup", async () => {
  test.setTimeout(120_000);
  for (const { name, value } of HOSTILE_STRINGS) {
    // A URL carries no lone surrogate either: URLSearchParams writes U+FFFD, as a browser would.
    const q = new URLSearchParams({ q: value }).toString();
    const { status, body } = await api(people().ana, "GET", `/api/search?${q}`);
    if (status === 200) expect.soft(Array.isArray(body.results), `message search for ${name}`).toBe(true);
    else if (status !== 431) expect.soft(body.error?.message, `message search refused ${name}`).toBeTruthy();
    // The same in one chat, and the hostile string as the chat's id.
    const inChat = await api(people().ana, "GET", `/api/search?${q}&conversationId=${world.direct}`);
    if (inChat.status === 200) expect.soft(Array.isArray(inChat.body.results), `search in a chat for ${name}`).toBe(true);
    else if (inChat.status !== 431) expect.soft(inChat.body.error?.message, `search in a chat refused ${name}`).toBeTruthy();
    const asChat = await api(people().ana, "GET", `/api/search?q=hello&${new URLSearchParams({ conversationId: value })}`);
    if (asChat.status !== 431) expect.soft(asChat.status, `search in the chat ${name}`).toBe(400);

    // Finding people is a page: the query comes back in the search box and must stay text.
    const page = await fetch(`${stack.baseURL}/people?${q}`, { headers: { cookie: people().ana.cookie } });
    const html = await page.text();
    expect.soft(page.status, `people search for ${name}`).toBeLessThan(500);
    for (const markup of ["<script>window.__hostile", "<img src=x onerror"]) expect.soft(html, `people search for ${name}`).not.toContain(markup);
  }
});

test("values of the wrong type are refused, never a 500", async () => {
  test.setTimeout(120_000);
  const file = new File(["hello"], "hello.txt", { type: "text/plain" });
  const textForms: [string, Account | null, Record<string, string | File>, string?][] = [
    ["app/(app)/settings/actions.ts#updateProfileAction", people().eve, { firstName: file, lastName: "", bio: "" }],
    ["app/(app)/settings/actions.ts#updateProfileAction", people().eve, { firstName: "", lastName: "", bio: file }],
    ["app/(app)/settings/actions.ts#changeUsernameAction", people().eve, { username: file }],
    ["app/(app)/groups/actions.ts#createGroupAction", people().ana, { name: file }],
    ["app/(app)/groups/actions.ts#renameGroupAction", people().ana, { conversationId: world.group, name: file }],
    ["app/(app)/admin/actions.ts#createRoomAction", admin, { name: file }],
    ["app/(app)/admin/actions.ts#renameRoomAction", admin, { conversationId: adminRoom, name: file }],
    ["app/(app)/admin/actions.ts#setRoomModeratorAction", admin, { conversationId: adminRoom, username: file, moderator: "true" }],
    ["app/(app)/actions.ts#startDirectConversationAction", people().ana, { userId: file }],
    ["app/(app)/contacts/actions.ts#sendFriendRequestAction", people().eve, { userId: file }],
    ["app/(app)/settings/actions.ts#choosePresetAvatarAction", people().eve, { preset: file }],
    ["app/(auth)/actions.ts#signUpAction", null, { username: file, password: "a fine password" }, "/sign-up"],
    ["app/(auth)/actions.ts#signUpAction", null, { username: "filepassword", password: file }, "/sign-up"],
  ];
  for (const [action, as, fields, path] of textForms) {
    const data = new FormData();
    for (const [key, value] of Object.entries(fields)) data.append(key, value);
    const refused = refusal(await act(as, action, [{ ok: true }, data], path));
    expect.soft(refused, `${action} with a file for ${Object.keys(fields).find((k) => fields[k] instanceof File)}`).toBeTruthy();
  }

  const intent = await act(people().ana, "app/(app)/groups/actions.ts#changeMemberAction", [
    { ok: true },
    form({ conversationId: world.group, userId: people().ben.id, intent: "promote" }),
  ]);
  expect.soft(refusal(intent), "changeMemberAction with an unknown intent").toBeTruthy();

  for (const { name, value } of CONFUSED_VALUES) {
    // A number is the right type for an id: only the others are confused there.
    const asId = typeof value === "number" ? "not a number" : value;
    const calls: [string, unknown[]][] = [
      ["app/(app)/actions.ts#editMessageAction", [world.anaMessage, value]],
      ["app/(app)/actions.ts#editMessageAction", [asId, "text"]],
      ["app/(app)/actions.ts#deleteMessageAction", [asId]],
      ["app/(app)/actions.ts#toggleReactionAction", [world.anaMessage, value]],
      ["app/(app)/actions.ts#toggleReactionAction", [asId, "👍"]],
      ["app/(app)/actions.ts#reportMessageAction", [world.benMessage, value]],
      ["app/(app)/actions.ts#reportMessageAction", [asId, "spam"]],
      ["app/(app)/chat-actions.ts#muteConversationAction", [world.direct, value]],
      ["app/(app)/chat-actions.ts#setPinnedAction", [world.anaMessage, typeof value === "boolean" ? "yes" : value]],
      ["app/(app)/chat-actions.ts#setPinnedAction", [asId, true]],
      ["app/(app)/chat-actions.ts#muteConversationAction", [value, "1h"]],
      ["app/(app)/chat-actions.ts#forwardMessageAction", [asId, crypto.randomUUID(), [world.group]]],
      ["app/(app)/chat-actions.ts#forwardMessageAction", [world.anaMessage, value, [world.group]]],
      ["app/(app)/chat-actions.ts#forwardMessageAction", [world.anaMessage, crypto.randomUUID(), value]],
      ["app/(app)/chat-actions.ts#forwardMessageAction", [world.anaMessage, crypto.randomUUID(), [value]]],
    ];
    for (const [action, args] of calls) {
      const refused = refusal(await act(people().ana, action, args));
      expect.soft(refused, `${action}(${args.map((a) => (a === value ? name : String(JSON.stringify(a)))).join(", ")})`).toBeTruthy();
    }
    const sent = await postMessage(people().ana, world.direct, value);
    expect.soft(sent.refused, `a message whose body is ${name}`).toBeTruthy();
    const uploads = [
      { clientId: crypto.randomUUID(), name: value, size: 10 },
      { clientId: crypto.randomUUID(), name: "a.txt", size: asId },
      { clientId: value, name: "a.txt", size: 10 },
    ];
    for (const upload of uploads) {
      const { status, body: answer } = await api(people().ana, "POST", `/api/conversations/${world.direct}/attachments`, upload);
      const said = `an upload of ${JSON.stringify(upload)}: HTTP ${status}`;
      expect.soft(status, said).toBe(400);
      expect.soft(answer.error?.message, said).toBeTruthy();
    }
    if (value !== undefined) {
      const { status, body: answer } = await api(people().ana, "POST", `/api/conversations/${world.direct}/messages`, {
        clientId: crypto.randomUUID(),
        body: "with files",
        attachments: value,
      });
      expect.soft(status, `a message whose attachments are ${name}`).toBe(400);
      expect.soft(answer.error?.message, `a message whose attachments are ${name}`).toBeTruthy();
    }
    const marks: [string, unknown][] = [
      [world.direct, { messageId: asId }],
      [encodeURIComponent(JSON.stringify(value) ?? "undefined"), { messageId: world.benMessage }],
      [world.direct, value],
    ];
    for (const [conversation, body] of marks) {
      const { status, body: answer } = await api(people().ana, "POST", `/api/conversations/${conversation}/read`, body);
      const said = `a read mark in ${conversation} of ${JSON.stringify(body)}: HTTP ${status}`;
      expect.soft(status, said).toBeGreaterThanOrEqual(400);
      expect.soft(answer.error?.message, said).toBeTruthy();
    }
  }
});

test("every form action called with something other than a form answers a clear refusal, never a TypeError", async () => {
  test.setTimeout(120_000);
  // Someone of their own: among the actions are sign-out-everywhere and account deletion.
  const { ivy } = await createAccounts(stack.databaseUrl, ["ivy"]);
  const formActions = listServerActions().filter((action) => /\(_previous: ActionResult, formData: FormData\)/.test(sourceOf(action)));
  expect(formActions.length).toBeGreaterThan(15);
  const before = await snapshot(db);
  const notForms: [string, unknown[]][] = [
    ["no arguments", []],
    ["a string", [{ ok: true }, "userId=x"]],
    ["a plain object", [{ ok: true }, { userId: people().ben.id, conversationId: world.group, name: "x" }]],
    ["null", [null, null]],
    ["a number", [{ ok: true }, 42]],
    ["an array", [{ ok: true }, ["username", "ana"]]],
  ];
  for (const action of formActions) {
    for (const [shape, args] of notForms) {
      const outcome = await act(ivy, action, args, action.includes("(auth)") ? "/sign-in" : undefined);
      expect.soft(refusal(outcome), `${action} with ${shape}: ${outcome.raw.slice(0, 200)}`).toBeTruthy();
    }
  }
  expect(await snapshot(db)).toEqual(before);
});
