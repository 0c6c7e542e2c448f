import { readFileSync } from "node:fs";
import { expect, test, type APIResponse, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { startStack, type Stack } from "../support/stack";
import { png } from "../support/images";
import { messageItem, openChatWith, send, signUp, uniqueUsername } from "../fixtures";

// This file reads its server's log and stops its realtime server, so it runs on a stack of its own.
test.describe.configure({ mode: "serial" });
let stack: Stack;
type Person = { context: BrowserContext; page: Page; username: string; violations: string[]; sockets: string[] };
const people: Person[] = [];
test.beforeAll(async () => {
  test.setTimeout(120_000);
  stack = await startStack();
});
test.afterAll(async () => {
  for (const { context } of people) await context.close();
  await stack?.stop();
});

// Distinctive markers: none of them may ever reach the server's log.
const PASSWORD = `pw-marker-${crypto.randomUUID()}`;
const MESSAGE = `message-marker-${crypto.randomUUID()}`;
const REPLY = `reply-marker-${crypto.randomUUID()}`;
const SEARCH = `search-marker-${crypto.randomUUID()}`;

/** A browser context that records every CSP violation its pages report, and every WebSocket they open. */
async function person(browser: Browser, prefix: string): Promise<Person> {
  const context = await browser.newContext({ baseURL: stack.baseURL });
  const violations: string[] = [];
  const sockets: string[] = [];
  await context.exposeBinding("reportViolation", (_source, text: string) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { reportViolation: (text: string) => void }).reportViolation;
      void report(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname} (${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${event.sample})`,
      );
    });
  });
  context.on("console", (message) => {
    if (/content.security.policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  const page = await context.newPage();
  page.on("websocket", (socket) => sockets.push(socket.url()));
  const someone = { context, page, username: uniqueUsername(prefix), violations, sockets };
  people.push(someone);
  return someone;
}

function directives(response: APIResponse): Record<string, string[]> {
  const policy = response.headers()["content-security-policy"];
  expect(policy, `${response.url()} has a Content-Security-Policy`).toBeTruthy();
  return Object.fromEntries(
    (policy ?? "")
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );
}

function expectCommonHeaders(response: APIResponse) {
  const headers = response.headers();
  expect(headers["x-content-type-options"], response.url()).toBe("nosniff");
  expect(headers["referrer-policy"], response.url()).toBe("strict-origin-when-cross-origin");
  // The test server is a production build (NODE_ENV=production), served over http.
  expect(headers["strict-transport-security"], response.url()).toMatch(/^max-age=\d{7,}/);
  expect(headers["x-request-id"], response.url()).toMatch(/^[\w.:-]{8,128}$/);
  expect(directives(response)["frame-ancestors"], response.url()).toEqual(["'none'"]);
}

function serverLog(): string {
  return readFileSync(stack.serverLog, "utf8");
}

/** The server log's JSON lines (Next.js's own start-up banner is plain text). */
function logRecords(): Record<string, unknown>[] {
  return serverLog()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test("pages carry a nonce policy without eval that connects only to the app and its realtime server", async ({ request }) => {
  const realtimeOrigin = `ws://127.0.0.1:${stack.soketiPort}`;
  const nonces = new Set<string>();
  for (const path of ["/sign-in", "/sign-up", "/", "/c/not-a-conversation"]) {
    const response = await request.get(`${stack.baseURL}${path}`, { maxRedirects: 0 });
    expectCommonHeaders(response);
    const policy = directives(response);
    expect(JSON.stringify(policy), path).not.toContain("unsafe-eval");
    expect(policy["script-src"], path).not.toContain("'unsafe-inline'");
    expect(policy["script-src"], path).toContain("'strict-dynamic'");
    expect(policy["connect-src"], path).toEqual(["'self'", realtimeOrigin]);
    expect(policy["default-src"], path).toEqual(["'self'"]);
    expect(policy["object-src"], path).toEqual(["'none'"]);
    const nonce = policy["script-src"]!.find((source) => source.startsWith("'nonce-"))!.slice("'nonce-".length, -1);
    nonces.add(nonce);
    if (response.status() === 200) {
      // Next.js put this response's nonce on its scripts, and no script goes without it.
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    }
  }
  expect(nonces.size).toBe(4);
});

test("two people sign up, share a picture and chat live under the policy without a single violation", async ({ browser }) => {
  test.setTimeout(120_000);
  const alice = await person(browser, "alice");
  const bob = await person(browser, "bob");
  await signUp(alice.page, alice.username, PASSWORD);
  await signUp(bob.page, bob.username, PASSWORD);

  await alice.page.goto("/settings");
  await alice.page.getByLabel("Upload a picture").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: await png(300, 200) });
  await alice.page.getByRole("button", { name: "Upload picture" }).click();
  await expect(alice.page.getByText("Picture uploaded.")).toBeVisible();

  const chatPath = await openChatWith(alice.page, bob.username);
  await bob.page.goto(chatPath);
  await send(alice.page, MESSAGE);
  await expect(messageItem(bob.page, MESSAGE)).toBeVisible();
  await send(bob.page, REPLY);
  await expect(messageItem(alice.page, REPLY)).toBeVisible();

  // Alice's picture, served by the app, loaded in Bob's chat.
  const avatar = bob.page.getByRole("region", { name: `Chat with ${alice.username}` }).locator("header img");
  await expect(avatar).toHaveAttribute("src", /^\/api\/avatars\/[0-9a-f]{64}\/(small|large)$/);
  await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  // Every other page of the app, and pages that are not found.
  for (const path of ["/", "/people", "/contacts", "/rooms", "/search", "/groups/new", `/u/${alice.username}`]) {
    expect((await bob.page.goto(path))?.status(), path).toBe(200);
    await expect(bob.page.getByRole("button", { name: "Sign out" })).toBeVisible();
  }
  for (const path of ["/u/nobody-has-this-name-0", "/no/such/page"]) {
    expect((await bob.page.goto(path))?.status(), path).toBe(404);
    await expect(bob.page.getByRole("heading").first()).toBeVisible();
  }

  for (const { sockets, violations } of [alice, bob]) {
    expect(violations).toEqual([]);
    expect(sockets.length).toBeGreaterThan(0);
    for (const url of sockets) expect(url.startsWith(`ws://127.0.0.1:${stack.soketiPort}/`), url).toBe(true);
  }

  // The listener really hears violations: a picture from another origin is blocked and reported.
  await bob.page.evaluate(() => {
    const image = document.createElement("img");
    image.src = "https://elsewhere.invalid/pixel.png";
    document.body.append(image);
  });
  await expect.poll(() => bob.violations).toContainEqual(expect.stringMatching(/^img-src blocked https:\/\/elsewhere\.invalid/));
});

test("API routes and avatars carry the headers and a policy that allows nothing", async () => {
  const [alice] = people;
  test.skip(!alice, "needs the people of the previous test");
  const api = alice!.page.request;
  const src = await alice!.page.goto("/settings").then(() => alice!.page.locator("img[src^='/api/avatars/']").first().getAttribute("src"));
  for (const path of ["/api/health", `/api/search?q=${SEARCH}`, src!, "/api/avatars/0000/small", "/api/realtime/auth"]) {
    const response = path === "/api/realtime/auth" ? await api.post(path, { form: {} }) : await api.get(path);
    expectCommonHeaders(response);
    expect(directives(response)["default-src"], path).toEqual(["'none'"]);
  }
});

test("the session cookie is HttpOnly and SameSite=Lax, and Secure with the __Secure- name over https", async ({ request }) => {
  const [alice] = people;
  test.skip(!alice, "needs the people of the previous test");
  // Over http, as the browser stored it.
  const cookies = await alice!.context.cookies();
  const session = cookies.find((cookie) => cookie.name === "authjs.session-token");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });

  // Behind a TLS proxy: the same sign-in, told by X-Forwarded-Proto that the browser used https.
  const https = { "x-forwarded-proto": "https" };
  const csrf = await request.get(`${stack.baseURL}/api/auth/csrf`, { headers: https });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headersArray().find((h) => h.name.toLowerCase() === "set-cookie" && h.value.includes("csrf-token"))!;
  expect(csrfCookie.value).toMatch(/^__Host-authjs\.csrf-token=.*; Secure/i);
  const signIn = await request.post(`${stack.baseURL}/api/auth/callback/credentials`, {
    headers: { ...https, cookie: csrfCookie.value.split(";")[0]! },
    form: { csrfToken, username: alice!.username, password: PASSWORD },
    maxRedirects: 0,
  });
  const sessionCookie = signIn.headersArray().find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith("__Secure-authjs.session-token="));
  expect(sessionCookie, "a session cookie was set").toBeDefined();
  const attributes = sessionCookie!.value
    .split(";")
    .slice(1)
    .map((a) => a.trim().toLowerCase());
  expect(attributes).toEqual(expect.arrayContaining(["httponly", "secure", "samesite=lax", "path=/"]));
});

test("the server logs one JSON line per request with its id, and never a password, message or search", async () => {
  const [alice] = people;
  test.skip(!alice, "needs the people of the previous test");
  const requestId = `security-spec-${crypto.randomUUID()}`;
  const response = await alice!.page.request.get(`/api/search?q=${SEARCH}`, { headers: { "x-request-id": requestId } });
  expect(response.headers()["x-request-id"]).toBe(requestId);

  await expect
    .poll(() => logRecords().find((record) => record.requestId === requestId))
    .toEqual({
      level: "info",
      msg: "request",
      time: expect.any(String),
      requestId,
      method: "GET",
      path: "/api/search",
      status: response.status(),
      ms: expect.any(Number),
    });
  const records = logRecords();
  // Sign-up, the chat page and the message sends of the previous test are all there.
  for (const [method, path] of [
    ["POST", "/sign-up"],
    ["GET", "/settings"],
    ["POST", expect.stringMatching(/^\/api\/conversations\/[0-9a-f-]{36}\/messages$/)],
  ]) {
    expect(records).toContainEqual(expect.objectContaining({ msg: "request", method, path, requestId: expect.any(String) }));
  }
  // Not necessarily unique: Next.js renders a server action's redirect with a request to itself
  // that forwards the action's headers, so both lines name the one request the browser made.
  for (const record of records.filter((r) => r.msg === "request")) expect(record.requestId).toMatch(/^[\w.:-]{8,128}$/);

  const log = serverLog();
  for (const secret of [PASSWORD, MESSAGE, REPLY, SEARCH, "authjs.session-token"]) expect(log).not.toContain(secret);
});

test("an error logged while serving a request names that request; reconnecting stays within the policy", async () => {
  test.setTimeout(120_000);
  const [alice, bob] = people;
  test.skip(!alice || !bob, "needs the people of the previous test");
  const chatPath = await openChatWith(alice!.page, bob!.username);
  await bob!.page.goto(chatPath);
  const attemptsBefore = alice!.sockets.length;
  await stack.killSoketi();
  try {
    const requestId = `publish-fails-${crypto.randomUUID()}`;
    // Stored all the same; only the live delivery fails, and that failure is logged.
    const response = await alice!.page.request.post(`/api/conversations/${chatPath.split("/").pop()}/messages`, {
      headers: { "x-request-id": requestId },
      data: { clientId: crypto.randomUUID(), body: `while down ${MESSAGE}` },
    });
    expect(response.status()).toBe(201);
    await expect
      .poll(() => logRecords().find((record) => record.requestId === requestId && record.level === "error"))
      .toMatchObject({ msg: "realtime publish failed", requestId });
    // Alice's page retries meanwhile: at least one whole round of attempts, in which pusher-js would
    // also try wss:// on this plain ws:// server if it were allowed to (a violation).
    await expect(alice!.page.getByRole("status").filter({ hasText: "Reconnecting" })).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => alice!.sockets.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(attemptsBefore + 2);
  } finally {
    await stack.startSoketi();
  }
  const back = `back ${MESSAGE}`;
  await send(alice!.page, back);
  await expect(messageItem(bob!.page, back)).toBeVisible({ timeout: 30_000 });
  expect(alice!.violations).toEqual([]);
  for (const url of alice!.sockets) expect(url.startsWith(`ws://127.0.0.1:${stack.soketiPort}/`), url).toBe(true);
  expect(serverLog()).not.toContain(MESSAGE);
});
