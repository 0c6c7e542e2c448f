import { createHmac } from "node:crypto";
import type { Client } from "@libsql/client";
import { expect, test } from "@playwright/test";
import { snapshot } from "../support/db-snapshot";
import { seededRandom, type Random } from "../support/random";
import { readFileSync } from "node:fs";
import { floodRequest, rawRequest } from "../support/raw-http";
import { TEST_REALTIME, type Stack } from "../support/stack";
import { startWorldStack, stopWorldStack, type World } from "../support/world";

/**
 * Malformed, hostile and random bodies against the endpoints that parse raw input: channel auth,
 * Soketi's webhook, the messages API and read marks. Every answer is a 4xx, and the database (messages,
 * webhook receipts, presence) is exactly as it was. Random inputs come from a printed seed:
 * FUZZ_SEED=<seed> npx playwright test malformed-bodies replays them.
 */

test.describe.configure({ mode: "serial" });
let stack: Stack;
let world: World;
let db: Client;
const random = seededRandom();
const RANDOM_CASES = 40;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  console.log(`malformed-bodies: FUZZ_SEED=${random.seed}`);
  ({ stack, world, db } = await startWorldStack());
});
test.afterAll(() => stopWorldStack({ stack, db }));
test.beforeEach(() => {
  test.info().annotations.push({ type: "FUZZ_SEED", description: String(random.seed) });
});

type Input = { name: string; headers?: Record<string, string>; body?: Uint8Array | string; path?: string; method?: string };

const MB = 1024 * 1024;
const JSON_TYPE = { "content-type": "application/json" };
const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const nestedObject = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-16",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "multipart/form-data",
  "image/png",
  "application/octet-stream",
  "",
  "application/jsonx",
  "\u00e9\u00e8/\u00ff",
];

/** A JSON value of any type, at most `depth` deep, with keys that tempt type confusion and prototype pollution. */
function randomJson(r: Random, depth: number): unknown {
  const keys = [
    "clientId",
    "body",
    "replyTo",
    "messageId",
    "conversationId",
    "__proto__",
    "constructor",
    "prototype",
    "time_ms",
    "events",
    "name",
    "channel",
    "socket_id",
    "channel_name",
  ];
  const kind = depth <= 0 ? r.int(0, 4) : r.int(0, 6);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r.pick([true, false]);
    case 2:
      return r.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, r.int(-1e9, 1e9)]);
    case 3:
      return r.pick(["", " ", "\u0000", "\ud800", "x".repeat(r.int(0, 5000)), "not-a-uuid", "<script>", "'; DROP TABLE message; --", "$@1"]);
    case 4:
      return String.fromCharCode(...Array.from({ length: r.int(0, 50) }, () => r.int(0, 0xffff)));
    case 5:
      return Array.from({ length: r.int(0, 5) }, () => randomJson(r, depth - 1));
    default:
      return Object.fromEntries(Array.from({ length: r.int(0, 6) }, () => [r.pick(keys), randomJson(r, depth - 1)]));
  }
}

/** Random bytes, random JSON, or a well-formed body broken at a random place, under a random content type. */
function randomInput(r: Random, template: string, i: number): Input {
  const type = r.pick(CONTENT_TYPES);
  const headers = type ? { "content-type": type } : undefined;
  switch (r.int(0, 2)) {
    case 0:
      return { name: `random #${i}: ${type || "no type"}, random bytes`, headers, body: r.bytes(r.int(0, 4096)) };
    case 1:
      return { name: `random #${i}: ${type || "no type"}, random JSON`, headers, body: JSON.stringify(randomJson(r, 4)) ?? "" };
    default: {
      const bytes = Buffer.from(template);
      const cut = bytes.subarray(0, r.int(0, bytes.length));
      for (let flips = r.int(0, 4); flips > 0 && cut.length > 0; flips--) cut[r.int(0, cut.length - 1)] = r.int(0, 255);
      return { name: `random #${i}: ${type || "no type"}, broken template`, headers, body: cut };
    }
  }
}

/** Sends each input and checks the answer is a 4xx and that not one watched row changed. */
async function expectAllRefused(url: string, inputs: Input[], cookie?: string, statuses = [400, 401, 403, 404, 409, 413, 415]): Promise<void> {
  const before = await snapshot(db);
  for (const input of inputs) {
    const headers = { ...input.headers, ...(cookie ? { cookie } : {}) };
    const response = await rawRequest(input.path ? `${stack.baseURL}${input.path}` : url, { method: input.method ?? "POST", headers, body: input.body });
    expect(statuses, `${input.name} (FUZZ_SEED=${random.seed}): HTTP ${response.status} ${response.body.slice(0, 200)}`).toContain(response.status);
    expect(await snapshot(db), `${input.name} changed the database`).toEqual(before);
  }
}

/** Inputs every JSON-reading endpoint must refuse, whatever it reads. */
function commonInputs(valid: string): Input[] {
  return [
    { name: "no body" },
    { name: "empty JSON", headers: JSON_TYPE, body: "" },
    { name: "invalid JSON", headers: JSON_TYPE, body: "{" },
    { name: "JSON with trailing garbage", headers: JSON_TYPE, body: `${valid}x` },
    { name: "a UTF-8 BOM", headers: JSON_TYPE, body: `\ufeff{"x":1}` },
    { name: "JSON null", headers: JSON_TYPE, body: "null" },
    { name: "JSON number", headers: JSON_TYPE, body: "42" },
    { name: "JSON string", headers: JSON_TYPE, body: '"hello"' },
    { name: "JSON array", headers: JSON_TYPE, body: "[1,2]" },
    { name: "a number beyond doubles", headers: JSON_TYPE, body: '{"time_ms":1e400,"replyTo":1e400}' },
    { name: "1 MB of JSON", headers: JSON_TYPE, body: JSON.stringify({ x: "x".repeat(MB) }) },
    { name: "1 MB of random bytes", headers: JSON_TYPE, body: random.bytes(MB) },
    { name: "arrays nested 100,000 deep", headers: JSON_TYPE, body: nested(100_000) },
    { name: "objects nested 10,000 deep", headers: JSON_TYPE, body: nestedObject(10_000) },
    { name: "__proto__ and constructor keys", headers: JSON_TYPE, body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}' },
    { name: "UTF-16 declared, UTF-8 sent", headers: { "content-type": "application/json; charset=utf-16" }, body: "{}" },
    { name: "a lone surrogate escaped", headers: JSON_TYPE, body: '{"body":"\\ud800","name":"\\udfff"}' },
    { name: "NUL bytes", headers: JSON_TYPE, body: "{\u0000}" },
  ];
}

test("channel auth refuses malformed and random bodies", async () => {
  test.setTimeout(120_000);
  const url = `${stack.baseURL}/api/realtime/auth`;
  const form = "application/x-www-form-urlencoded";
  const inputs: Input[] = [
    ...commonInputs('{"socket_id":"1.1","channel_name":"private-user-x"}'),
    { name: "JSON instead of a form", headers: JSON_TYPE, body: JSON.stringify({ socket_id: "1.1", channel_name: `private-user-${world.people.eve.id}` }) },
    { name: "no channel", headers: { "content-type": form }, body: "socket_id=1.1" },
    { name: "a malformed socket id", headers: { "content-type": form }, body: `socket_id=abc&channel_name=private-user-${world.people.eve.id}` },
    { name: "a 1 MB channel name", headers: { "content-type": form }, body: `socket_id=1.1&channel_name=${"x".repeat(MB)}` },
    { name: "a channel name of percent escapes", headers: { "content-type": form }, body: `socket_id=1.1&channel_name=%00%ff%fe%C0%80` },
    {
      name: "a form whose channel is a file",
      headers: { "content-type": "multipart/form-data; boundary=b" },
      body: `--b\r\nContent-Disposition: form-data; name="socket_id"\r\n\r\n1.1\r\n--b\r\nContent-Disposition: form-data; name="channel_name"; filename="x"\r\nContent-Type: text/plain\r\n\r\nprivate-user-${world.people.eve.id}\r\n--b--\r\n`,
    },
    { name: "a broken multipart body", headers: { "content-type": "multipart/form-data; boundary=b" }, body: "--b\r\nContent-Disposition: form-data; name=" },
    {
      name: "someone else's channel in a second field",
      headers: { "content-type": form },
      body: `socket_id=1.1&channel_name=private-user-${world.people.ana.id}&channel_name=private-user-${world.people.ana.id}`,
    },
  ];
  const template = `socket_id=1.1&channel_name=private-user-${world.people.ana.id}`;
  for (let i = 0; i < RANDOM_CASES; i++) inputs.push(randomInput(random, template, i));
  await expectAllRefused(url, inputs, world.people.eve.cookie);
  // Signed out, the same bodies are refused before they are read.
  await expectAllRefused(url, inputs.slice(0, 12), undefined, [401]);
});

test("the webhook refuses malformed, unsigned, badly signed and random bodies", async () => {
  test.setTimeout(120_000);
  const url = `${stack.baseURL}/api/realtime/webhook`;
  const sign = (body: string | Uint8Array) => createHmac("sha256", TEST_REALTIME.secret).update(body).digest("hex");
  const signed = (input: Input): Input => ({
    ...input,
    name: `signed: ${input.name}`,
    headers: { ...input.headers, "x-pusher-key": TEST_REALTIME.key, "x-pusher-signature": sign(input.body ?? "") },
  });
  const ana = `private-user-${world.people.ana.id}`;
  const stale = Date.now() - 60 * 60_000;
  const shapes: Input[] = [
    ...commonInputs(JSON.stringify({ time_ms: stale, events: [] })),
    {
      name: "time_ms a string",
      headers: JSON_TYPE,
      body: JSON.stringify({ time_ms: String(Date.now()), events: [{ name: "channel_vacated", channel: ana }] }),
    },
    { name: "time_ms negative", headers: JSON_TYPE, body: JSON.stringify({ time_ms: -1, events: [] }) },
    { name: "time_ms a fraction", headers: JSON_TYPE, body: JSON.stringify({ time_ms: Date.now() + 0.5, events: [] }) },
    { name: "events an object", headers: JSON_TYPE, body: JSON.stringify({ time_ms: Date.now(), events: { name: "channel_vacated", channel: ana } }) },
    { name: "an event name that is a number", headers: JSON_TYPE, body: JSON.stringify({ time_ms: Date.now(), events: [{ name: 5, channel: ana }] }) },
    {
      name: "a channel that is an array",
      headers: JSON_TYPE,
      body: JSON.stringify({ time_ms: Date.now(), events: [{ name: "channel_vacated", channel: [ana] }] }),
    },
    {
      name: "1,001 events",
      headers: JSON_TYPE,
      body: JSON.stringify({ time_ms: Date.now(), events: Array.from({ length: 1001 }, () => ({ name: "channel_vacated", channel: ana })) }),
    },
    { name: "a stale, well-formed body", headers: JSON_TYPE, body: JSON.stringify({ time_ms: stale, events: [{ name: "channel_vacated", channel: ana }] }) },
  ];
  const template = JSON.stringify({ time_ms: stale, events: [{ name: "channel_occupied", channel: ana }] });
  for (let i = 0; i < RANDOM_CASES; i++) shapes.push(randomInput(random, template, i));

  const forged = (name: string, signature: string, key = TEST_REALTIME.key): Input => ({
    name,
    headers: { ...JSON_TYPE, "x-pusher-key": key, "x-pusher-signature": signature },
    body: JSON.stringify({ time_ms: Date.now(), events: [{ name: "channel_vacated", channel: ana }] }),
  });
  const forgeries: Input[] = [
    forged("a signature of 64 Latin-1 letters", "\u00e9".repeat(64)),
    forged("a signature of 32 Latin-1 letters", "\u00e9".repeat(32)),
    forged("a signature of the wrong length", "ab"),
    forged("an empty signature", ""),
    forged("the wrong key", sign("x"), "another-key"),
    forged("a Latin-1 key", sign("x"), "\u00ff\u00fe"),
    ...Array.from({ length: 10 }, (_, i) =>
      forged(
        `random signature #${i}`,
        Array.from({ length: random.pick([63, 64, 65, 128]) }, () =>
          String.fromCharCode(random.next() < 0.5 ? random.int(0x21, 0x7e) : random.int(0xa0, 0xff)),
        ).join(""),
      ),
    ),
  ];

  await expectAllRefused(url, [...shapes, ...forgeries]);
  await expectAllRefused(url, shapes.map(signed));
});

test("the messages API refuses malformed bodies and query strings", async () => {
  test.setTimeout(120_000);
  const path = `/api/conversations/${world.direct}/messages`;
  const url = `${stack.baseURL}${path}`;
  const clientId = crypto.randomUUID();
  const message = (patch: Record<string, unknown>): Input => ({
    name: `a message with ${JSON.stringify(patch).slice(0, 60)}`,
    headers: JSON_TYPE,
    body: JSON.stringify({ clientId: crypto.randomUUID(), body: "hello", ...patch }),
  });
  const inputs: Input[] = [
    ...commonInputs(JSON.stringify({ clientId, body: "hello" })),
    { name: "a valid body as text/plain", headers: { "content-type": "text/plain" }, body: JSON.stringify({ clientId, body: "hello" }) },
    { name: "a valid body as a form", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `clientId=${clientId}&body=hello` },
    { name: "a valid body with no content type", body: JSON.stringify({ clientId, body: "hello" }) },
    message({ body: 42 }),
    message({ body: ["hello"] }),
    message({ body: { toString: "hello" } }),
    message({ body: null }),
    message({ body: true }),
    message({ body: "" }),
    message({ body: " \n\t " }),
    message({ body: "x".repeat(MB) }),
    message({ clientId: 12 }),
    message({ clientId: [crypto.randomUUID()] }),
    message({ clientId: "../../etc/passwd" }),
    message({ replyTo: "abc" }),
    message({ replyTo: -1 }),
    message({ replyTo: 1.5 }),
    message({ replyTo: [1] }),
    message({ replyTo: { id: 1 } }),
    message({ replyTo: 2 ** 60 }),
    message({ replyTo: 999_999 }),
    { name: "body under __proto__", headers: JSON_TYPE, body: `{"clientId":"${crypto.randomUUID()}","__proto__":{"body":"hello"}}` },
    {
      name: "a non-UUID conversation",
      path: "/api/conversations/not-a-conversation/messages",
      headers: JSON_TYPE,
      body: JSON.stringify({ clientId, body: "hello" }),
    },
    {
      name: "a traversal conversation id",
      path: "/api/conversations/..%2F..%2Fapi%2Fhealth/messages",
      headers: JSON_TYPE,
      body: JSON.stringify({ clientId, body: "hello" }),
    },
    {
      name: "an unknown conversation",
      path: `/api/conversations/${crypto.randomUUID()}/messages`,
      headers: JSON_TYPE,
      body: JSON.stringify({ clientId, body: "hello" }),
    },
  ];
  const template = JSON.stringify({ clientId: "not-a-uuid-at-all-0000", body: "hello", replyTo: 1 });
  for (let i = 0; i < RANDOM_CASES; i++) inputs.push(randomInput(random, template, i));
  await expectAllRefused(url, inputs, world.people.ana.cookie);

  const junk = [
    "abc",
    "-5",
    "1.5",
    "NaN",
    "Infinity",
    "-Infinity",
    "9".repeat(400),
    "9007199254740993",
    "[]",
    "{}",
    "%00",
    "%F0%9F%99%82",
    "1%00",
    "true",
    "%ud800",
  ];
  const queries = [
    "?limit=0",
    "?limit=201",
    "?limit=",
    "?before=0",
    "?before=",
    "?before=1&after=1",
    "?before=1&around=1",
    "?after=1&around=1&before=1",
    ...Array.from({ length: RANDOM_CASES }, () => {
      const keys = Array.from({ length: random.int(1, 3) }, () => random.pick(["before", "after", "around", "limit"]));
      // The last value of a key is the one read: it is always junk.
      return `?${keys.map((k) => `${k}=${random.pick(["1", "2", "50"])}&${k}=${random.pick(junk)}`).join("&")}`;
    }),
  ];
  await expectAllRefused(
    url,
    queries.map((q) => ({ name: `GET ${q}`, method: "GET", path: `${path}${q}` })),
    world.people.ana.cookie,
  );
});

test("read marks refuse malformed, oversized and random bodies", async () => {
  test.setTimeout(120_000);
  const path = `/api/conversations/${world.direct}/read`;
  const url = `${stack.baseURL}${path}`;
  const mark = (messageId: unknown): Input => ({ name: `a mark of ${JSON.stringify(messageId)}`, headers: JSON_TYPE, body: JSON.stringify({ messageId }) });
  const valid = JSON.stringify({ messageId: world.benMessage });
  const inputs: Input[] = [
    ...commonInputs(valid),
    { name: "a valid mark as text/plain", headers: { "content-type": "text/plain" }, body: valid },
    { name: "a valid mark as a form", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `messageId=${world.benMessage}` },
    { name: "a valid mark with no content type", body: valid },
    { name: "a valid mark padded past 1 KB", headers: JSON_TYPE, body: JSON.stringify({ messageId: world.benMessage, pad: "x".repeat(2048) }) },
    mark(0),
    mark(-1),
    mark(1.5),
    mark("abc"),
    mark("1e3"),
    mark([world.benMessage]),
    mark({ id: world.benMessage }),
    mark(null),
    mark(true),
    mark(2 ** 60),
    { name: "messageId under __proto__", headers: JSON_TYPE, body: `{"__proto__":{"messageId":${world.benMessage}}}` },
    { name: "a non-UUID conversation", path: "/api/conversations/not-a-conversation/read", headers: JSON_TYPE, body: valid },
    { name: "an unknown conversation", path: `/api/conversations/${crypto.randomUUID()}/read`, headers: JSON_TYPE, body: valid },
  ];
  // No flip of four bytes turns this into a whole number.
  const template = JSON.stringify({ messageId: "not-a-number" });
  for (let i = 0; i < RANDOM_CASES; i++) inputs.push(randomInput(random, template, i));
  await expectAllRefused(url, inputs, world.people.ana.cookie);

  // A streamed body declares no length: it is refused once the bytes read pass the limit.
  const chunk = new TextEncoder().encode(`{"messageId":${world.benMessage},"pad":"${"x".repeat(60 * 1024)}"}`);
  const lying = await fetch(url, {
    method: "POST",
    headers: { ...JSON_TYPE, cookie: world.people.ana.cookie },
    body: new ReadableStream({
      start(controller) {
        controller.enqueue(chunk);
        controller.close();
      },
    }),
    duplex: "half",
  } as RequestInit & { duplex: "half" });
  expect(lying.status, await lying.text()).toBe(413);
});

/** The app server's resident memory, in bytes. */
function appMemory(): number {
  const status = readFileSync(`/proc/${stack.appPid()}/status`, "utf8");
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) * 1024;
}

test("bodies over each endpoint's cap get 413 while they are sent, and the server's memory stays flat", async () => {
  test.setTimeout(180_000);
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const endpoints = [
    { name: "the webhook, unsigned", path: "/api/realtime/webhook", headers: JSON_TYPE, cap: 64 * 1024 },
    { name: "channel auth", path: "/api/realtime/auth", headers: { ...form, cookie: world.people.eve.cookie }, cap: 1024 },
    {
      name: "the messages API",
      path: `/api/conversations/${world.direct}/messages`,
      headers: { ...JSON_TYPE, cookie: world.people.ana.cookie },
      cap: 16 * 1024 + 512,
    },
  ];
  const before = await snapshot(db);
  for (const { name, path, headers, cap } of endpoints) {
    // Declares 300 MB and sends 1 KB: refused by the declared length alone, without waiting for the rest.
    const declared = await floodRequest(`${stack.baseURL}${path}`, { headers, totalBytes: 1024, declaredLength: 300 * MB });
    expect(declared.status, `${name}, 300 MB declared: ${declared.body}`).toBe(413);
    expect(JSON.parse(declared.body).error.code).toBe("payload_too_large:body");
    // Just over the cap, chunked (no length declared): refused once the bytes read pass it.
    const over = await floodRequest(`${stack.baseURL}${path}`, { headers, totalBytes: cap + 1 });
    expect(over.status, `${name}, ${cap + 1} bytes chunked: ${over.body}`).toBe(413);
  }

  // Three concurrent 100 MB chunked bodies without credentials: before, the webhook held them whole
  // (300 MB here; 2 GB with three of 300 MB) before checking size or signature.
  const start = appMemory();
  const floods = await Promise.all(
    Array.from({ length: 3 }, () => floodRequest(`${stack.baseURL}/api/realtime/webhook`, { headers: JSON_TYPE, totalBytes: 100 * MB })),
  );
  for (const flood of floods) {
    expect(flood.status, flood.body).toBe(413);
    expect(flood.bytesWritten, "the server stopped taking the body long before its end").toBeLessThan(50 * MB);
  }
  expect(appMemory() - start, "growth of the app server's memory").toBeLessThan(64 * MB);
  expect(await snapshot(db)).toEqual(before);
});

test("paths that are not valid percent-encoding get 404, signed in or out, for pages and APIs alike", async () => {
  const paths = [
    "/u/%ff",
    "/u/%E0%A4%A",
    "/c/%",
    "/c/%zz/info",
    `/c/${world.direct}%`,
    "/api/conversations/%ff/messages",
    "/api/conversations/%ff/read",
    "/api/avatars/%ff/64",
    "/search%ff?q=x",
  ];
  const before = await snapshot(db);
  for (const path of paths) {
    for (const cookie of [world.people.ana.cookie, undefined]) {
      for (const method of ["GET", "POST"]) {
        const headers: Record<string, string> = { ...JSON_TYPE, ...(cookie ? { cookie } : {}) };
        const response = await rawRequest(`${stack.baseURL}${path}`, { method, headers, body: method === "POST" ? "{}" : undefined });
        expect(response.status, `${method} ${path} ${cookie ? "signed in" : "signed out"}: ${response.body.slice(0, 100)}`).toBe(404);
      }
    }
  }
  expect(await snapshot(db)).toEqual(before);
});
