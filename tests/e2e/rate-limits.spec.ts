import { eq } from "drizzle-orm";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { openDatabase, type Database } from "@/db/client";
import { message, user } from "@/db/schema";
import { RATE_LIMITS } from "@/lib/rate-limits";
import { startStack, type Stack } from "../support/stack";
import { png } from "../support/images";
import { closeContextsAfterFile, openChatWith, PASSWORD, signIn, signUp, uniqueUsername } from "../fixtures";

// The real limits, which the shared stack scales up a thousandfold: this file runs on a stack of its own.
// Each test signs several people up and in (a password hash each): generous time on a busy machine.
test.describe.configure({ mode: "serial", timeout: 150_000 });
closeContextsAfterFile();
let stack: Stack;
let db: Database;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  // TRUST_PROXY=1: the test plays the one proxy in front of the app, which appends each client's
  // address to X-Forwarded-For; that is how it gives its browsers networks of their own. The stack
  // without a proxy, where the header is the client's own word, is tested below.
  stack = await startStack({ env: { RATE_LIMIT_MULTIPLIER: "1", TRUST_PROXY: "1" } });
  db = await openDatabase(stack.databaseUrl);
});
test.afterAll(async () => {
  db?.$client.close();
  await stack?.stop();
});

let nextHost = 10;
/**
 * A browser on a network of its own: with one trusted proxy the app counts requests by the
 * right-most X-Forwarded-For entry, the one that proxy would have appended.
 */
async function browserOn(browser: Browser, address = `198.51.100.${nextHost++}`): Promise<Page> {
  const context = await browser.newContext({ baseURL: stack.baseURL, extraHTTPHeaders: { "x-forwarded-for": address } });
  return context.newPage();
}

/** Submits the sign-in form and waits for its answer (the form empties the password when one comes). */
async function trySignIn(page: Page, username: string, password: string): Promise<string> {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Password")).toHaveValue("");
  return page.locator("form").getByRole("alert").innerText();
}

// In seconds when the window is about to end (a run that starts near the end of a 15-minute window).
const signInRefusal = /^Too many sign-in attempts\. Try again in \d+ (seconds?|minutes?)\.$/;

test("an address guessing at an account is stopped, while its owner elsewhere and others on that address sign in", async ({ browser }) => {
  const victim = uniqueUsername("victim");
  const bystander = uniqueUsername("bystander");
  await signUp(await browserOn(browser), victim);
  await signUp(await browserOn(browser), bystander);

  const attackerAddress = "203.0.113.66";
  const attacker = await browserOn(browser, attackerAddress);
  await attacker.goto("/sign-in");
  // The limit within one window, plus one more window's worth should the first end meanwhile.
  const { limit } = RATE_LIMITS.signInAccountAddress;
  const answers: string[] = [];
  for (let i = 0; i < 2 * limit + 1 && !signInRefusal.test(answers.at(-1) ?? ""); i++) {
    answers.push(await trySignIn(attacker, victim, `guess number ${i}`));
  }
  expect(answers.slice(0, limit)).toEqual(Array(limit).fill("Wrong username or password."));
  expect(answers.at(-1)).toMatch(signInRefusal);
  // Now even the right password is refused from there: the answer must not tell a guess apart.
  expect(await trySignIn(attacker, victim, PASSWORD)).toMatch(signInRefusal);
  await expect(attacker.getByRole("button", { name: "Sign out" })).toHaveCount(0);

  // The owner, on their own network, is not locked out.
  await signIn(await browserOn(browser), victim);
  // Someone else on the attacker's address signs in to their own account.
  await signIn(await browserOn(browser, attackerAddress), bystander);
});

test("the limit holds on Auth.js's own sign-in endpoint, the way in that skips the form", async ({ browser, playwright }) => {
  const owner = uniqueUsername("owner");
  await signUp(await browserOn(browser), owner);
  const api = await playwright.request.newContext({ baseURL: stack.baseURL, extraHTTPHeaders: { "x-forwarded-for": "203.0.113.99" } });
  const attempt = async (password: string) => {
    const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
    const response = await api.post("/api/auth/callback/credentials", {
      form: { username: owner, password, csrfToken },
      maxRedirects: 0,
    });
    return new URL(response.headers().location!).searchParams.get("code");
  };
  const { limit } = RATE_LIMITS.signInAccountAddress;
  const codes: (string | null)[] = [];
  for (let i = 0; i < 2 * limit + 1 && codes.at(-1) !== "rate_limited"; i++) codes.push(await attempt(`guess number ${i}`));
  expect(codes.slice(0, limit)).toEqual(Array(limit).fill("credentials"));
  expect(codes.at(-1)).toBe("rate_limited");
  expect(await attempt(PASSWORD)).toBe("rate_limited");
  await api.dispose();
});

test("a burst of messages beyond the limit gets 429 with Retry-After and stores nothing, but a retry of a stored one is answered", async ({ browser }) => {
  const alice = await browserOn(browser);
  const bob = await browserOn(browser);
  const bobName = uniqueUsername("bob");
  await signUp(alice, uniqueUsername("alice"));
  await signUp(bob, bobName);
  const conversationId = (await openChatWith(alice, bobName)).split("/").pop()!;
  const post = (clientId: string, page = alice) =>
    page.request.post(`/api/conversations/${conversationId}/messages`, { data: { clientId, body: `burst ${clientId}` } });
  const storedClientIds = async () =>
    (await db.select({ clientId: message.clientId }).from(message).where(eq(message.conversationId, conversationId))).map((m) => m.clientId);

  // All at once: twice the limit and one more, so that some are refused even if a window ends in
  // the middle (and should a slow machine spread them over three windows, the next try).
  await expect(async () => {
    const clientIds = Array.from({ length: 2 * RATE_LIMITS.messagesUser.limit + 1 }, () => crypto.randomUUID());
    const responses = await Promise.all(clientIds.map((id) => post(id)));
    const accepted = clientIds.filter((_, i) => responses[i]!.status() === 201);
    const refused = responses.filter((r) => r.status() === 429);
    expect(accepted.length + refused.length).toBe(clientIds.length);
    expect(refused.length).toBeGreaterThan(0);
    for (const response of refused) {
      const wait = Number(response.headers()["retry-after"]);
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(RATE_LIMITS.messagesUser.windowMs / 1000);
      expect((await response.json()).error.message).toMatch(/^You are sending messages too quickly\. Try again in \d+ seconds?\.$/);
    }
    const stored = new Set(await storedClientIds());
    expect(clientIds.filter((id) => stored.has(id)).sort()).toEqual([...accepted].sort());

    // Still refused, a retry of a message the server stored is answered with it, and only a new one is refused.
    const retry = await post(accepted[0]!);
    expect(retry.status()).toBe(200);
    expect((await retry.json()).message.clientId).toBe(accepted[0]);
    expect((await post(crypto.randomUUID())).status()).toBe(429);
  }).toPass({ timeout: 60_000 });

  // Bob, in the same chat, is not held back.
  expect((await post(crypto.randomUUID(), bob)).status()).toBe(201);
});

test("picture uploads beyond the limit are refused with a clear message and change nothing, while someone else uploads", async ({ browser }) => {
  const alice = await browserOn(browser);
  const aliceName = uniqueUsername("alice");
  await signUp(alice, aliceName);
  const bob = await browserOn(browser);
  await signUp(bob, uniqueUsername("bob"));

  // Uploads count before their bytes are read, so unreadable files use up the allowance too.
  const { limit } = RATE_LIMITS.avatarUploadsUser;
  let last = 0;
  for (let i = 0; i < 2 * limit + 1 && last !== 429; i++) {
    const response = await alice.request.post("/api/account/avatar", { headers: { "content-type": "image/png" }, data: Buffer.from("junk") });
    last = response.status();
    if (last === 429) expect(Number(response.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
  }
  expect(last).toBe(429);

  const picture = await png(300, 200);
  await alice.goto("/settings");
  await alice.getByLabel("Upload a picture").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: picture });
  await alice.getByRole("button", { name: "Upload picture" }).click();
  await expect(alice.getByLabel("Upload a picture")).toHaveAccessibleDescription(/Too many picture uploads\. Try again in \d+ (seconds?|minutes?)\./);
  const stored = await db.query.user.findFirst({ where: eq(user.username, aliceName), columns: { avatarId: true } });
  expect(stored?.avatarId).toBeNull();

  await bob.goto("/settings");
  await bob.getByLabel("Upload a picture").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: picture });
  await bob.getByRole("button", { name: "Upload picture" }).click();
  await expect(bob.getByText("Picture uploaded.")).toBeVisible();
});

test("failures at one account from many networks slow its sign-ins down, but never keep the owner out", async ({ browser, playwright }) => {
  const owner = uniqueUsername("owner");
  await signUp(await browserOn(browser), owner);
  const { limit, slowDown } = RATE_LIMITS.signInAccount;
  const perNetwork = RATE_LIMITS.signInAccountAddress.limit;
  // Each network fails as often as it may, until the account's own limit is used up.
  for (let n = 0; n * perNetwork < limit; n++) {
    const api = await playwright.request.newContext({ baseURL: stack.baseURL, extraHTTPHeaders: { "x-forwarded-for": `192.0.2.${n + 1}` } });
    for (let i = 0; i < perNetwork; i++) {
      const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
      const response = await api.post("/api/auth/callback/credentials", { form: { username: owner, password: `guess ${n} ${i}`, csrfToken }, maxRedirects: 0 });
      expect(new URL(response.headers().location!).searchParams.get("code")).toBe("credentials");
    }
    await api.dispose();
  }
  // One more failure from yet another network: past the limit, answered late but not refused.
  const late = await browserOn(browser, "192.0.2.200");
  await late.goto("/sign-in");
  const started = Date.now();
  expect(await trySignIn(late, owner, "one more guess")).toBe("Wrong username or password.");
  expect(Date.now() - started).toBeGreaterThanOrEqual(slowDown.perRequestOverMs);
  // The owner, from a network that has not failed, gets in.
  await signIn(await browserOn(browser), owner);
});

test.describe("with no proxy in front (TRUST_PROXY unset)", () => {
  let direct: Stack;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    direct = await startStack({ env: { RATE_LIMIT_MULTIPLIER: "1" } });
  });
  test.afterAll(async () => {
    await direct?.stop();
  });

  test("a client that rotates X-Forwarded-For is still one network: its sign-ups are limited", async ({ browser }) => {
    const { limit } = RATE_LIMITS.signUpAddress;
    let refused = "";
    for (let i = 0; i <= limit && !refused; i++) {
      const context = await browser.newContext({ baseURL: direct.baseURL, extraHTTPHeaders: { "x-forwarded-for": `198.18.0.${i + 1}` } });
      const page = await context.newPage();
      await page.goto("/sign-up");
      await page.getByLabel("Username").fill(uniqueUsername("rotating"));
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign up" }).click();
      const outcome = await Promise.race([
        page
          .getByRole("button", { name: "Sign out" })
          .waitFor()
          .then(() => ""),
        page
          .getByText(/Too many new accounts from this network/)
          .waitFor()
          .then(() => `refused at sign-up ${i + 1}`),
      ]);
      refused = outcome;
      await context.close();
    }
    expect(refused).toBe(`refused at sign-up ${limit + 1}`);
  });
});
