import { test as base, expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";

/**
 * Playwright's `test`, closing the browser contexts a test opened once it ends. A context made with
 * browser.newContext() otherwise lives as long as its worker: every signed-in page keeps its
 * renderer, its realtime socket and its presence heartbeat, and by the suite's end each worker held
 * dozens, loading the machine and the shared server under every later test. Files in serial mode
 * share pages between their tests and keep Playwright's own `test`.
 */
export const test = base.extend<{ closeOpenedContexts: void }>({
  closeOpenedContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      await Promise.all(
        browser
          .contexts()
          .filter((context) => !before.has(context))
          .map((context) => context.close()),
      );
    },
    { auto: true },
  ],
});

/**
 * For a file in serial mode, whose tests share pages: closes the contexts its tests opened once the
 * last of them has run, as `test` does after each test elsewhere.
 */
export function closeContextsAfterFile(): void {
  let before = new Set<BrowserContext>();
  base.beforeAll(({ browser }) => {
    before = new Set(browser.contexts());
  });
  base.afterAll(async ({ browser }) => {
    await Promise.all(
      browser
        .contexts()
        .filter((context) => !before.has(context))
        .map((context) => context.close()),
    );
  });
}

export const PASSWORD = "correct horse battery";

/** A username no other test (or earlier run against the same stack) has used. */
export function uniqueUsername(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** The sign-up and sign-in forms ask the same two things; either ends signed in. */
async function submitCredentials(page: Page, path: "/sign-up" | "/sign-in", button: "Sign up" | "Sign in", username: string, password: string) {
  await page.goto(path);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: button }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function signUp(page: Page, username: string, password = PASSWORD): Promise<void> {
  await submitCredentials(page, "/sign-up", "Sign up", username, password);
}

/** A fresh browser context (its own cookies; a phone, a time zone or a locale if asked) with a newly signed-up user. */
export async function newUser(browser: Browser, prefix: string, options?: BrowserContextOptions): Promise<{ page: Page; username: string }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const username = uniqueUsername(prefix);
  await signUp(page, username);
  return { page, username };
}

/**
 * Alice and Bob, newly signed up, and their direct chat at `chatPath`, which Alice has opened from
 * Bob's profile. Bob is still where signing up left him: tests that need him in the chat go there.
 */
export async function aliceChatsWithBob(browser: Browser) {
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");
  const chatPath = await openChatWith(alice.page, bob.username);
  return { alice, bob, chatPath };
}

/** Opens (or creates) the direct chat with `username` from their profile. */
export async function openChatWith(page: Page, username: string): Promise<string> {
  await page.goto(`/u/${username}`);
  await page.getByRole("button", { name: "Message" }).click();
  await page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

export async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
}

export function messageLog(page: Page) {
  return page.getByRole("log", { name: "Messages" });
}

/** Sends messages through the HTTP API as the page's signed-in user (fast seeding for long histories). */
export async function sendViaApi(page: Page, conversationPath: string, bodies: string[]): Promise<void> {
  const conversationId = conversationPath.split("/").pop();
  // One at a time: the tests read them back in the order they were sent.
  const post = (body: string) => page.request.post(`/api/conversations/${conversationId}/messages`, { data: { clientId: crypto.randomUUID(), body } });
  for (const body of bodies) {
    expect((await post(body)).status()).toBe(201);
  }
}

/** One message's list item in the chat log, found by its exact text. */
export function messageItem(page: Page, text: string) {
  return messageLog(page)
    .locator("li[data-message-id], li[data-pending]")
    .filter({ has: page.getByText(text, { exact: true }) });
}

/** Every message's list item in the chat log, oldest first (not the reactions inside them). */
export function messageItems(page: Page) {
  return messageLog(page).locator("li[data-message-id], li[data-pending]");
}

export async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await submitCredentials(page, "/sign-in", "Sign in", username, password);
}

/** A second browser (its own cookies) signed in as an existing user: another device. */
export async function anotherDevice(browser: Browser, username: string, password = PASSWORD): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username, password);
  return page;
}

export function conversationEntry(page: Page, name: string | RegExp) {
  return page.getByRole("navigation", { name: "Conversations" }).getByRole("link", { name });
}

/** Makes two people contacts through the interface: a request from one, accepted by the other. */
export async function befriend(requester: Page, requesterName: string, addressee: Page, addresseeName: string): Promise<void> {
  await requester.goto(`/u/${addresseeName}`);
  await requester.getByRole("button", { name: "Add contact" }).click();
  await expect(requester.getByRole("button", { name: "Cancel request" })).toBeVisible();
  await addressee.goto(`/u/${requesterName}`);
  await addressee.getByRole("button", { name: "Accept" }).click();
  await expect(addressee.getByRole("button", { name: "Remove contact" })).toBeVisible();
}

/** Creates a group on /groups/new as the page's user, with these of their contacts as members; returns its path. */
export async function createGroup(page: Page, name: string, members: string[]): Promise<string> {
  await page.goto("/groups/new");
  await page.getByLabel("Group name").fill(name);
  for (const member of members) await page.getByLabel(member).check();
  await page.getByRole("button", { name: "Create group" }).click();
  await page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

/** A phone: touch only (no hover), a narrow screen. */
export const PHONE: BrowserContextOptions = { hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } };

/** Sets the signed-in person's display name on the settings page. */
export async function setName(page: Page, firstName: string, lastName: string) {
  await page.goto("/settings");
  await page.getByLabel("First name").fill(firstName);
  await page.getByLabel("Last name").fill(lastName);
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
}

/**
 * A tab that records the notifications the app shows (the browser's own Notification, with the
 * permission granted) and counts as hidden, the state in which the app notifies; signed in as
 * `username`. `options` for a stack of the spec's own (its baseURL).
 */
export async function hiddenTabOf(browser: Browser, username: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ ...options, permissions: ["notifications"] });
  await context.addInitScript(() => {
    const w = window as unknown as { __notified: string[]; Notification: typeof Notification };
    w.__notified = [];
    const Original = w.Notification;
    w.Notification = class extends Original {
      constructor(title: string, options?: NotificationOptions) {
        w.__notified.push(`${title}: ${options?.body ?? ""}`);
        super(title, options);
      }
    };
    Object.defineProperty(document, "visibilityState", { get: () => "hidden" });
  });
  const page = await context.newPage();
  await signIn(page, username);
  return page;
}

/** What a hiddenTabOf tab has notified so far, as "title: body". */
export const notified = (page: Page) => page.evaluate(() => (window as unknown as { __notified: string[] }).__notified);
