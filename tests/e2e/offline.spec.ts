import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, connect, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, expect, type BrowserContext, type Page } from "@playwright/test";
import { conversationIdOf, storedMessages } from "../support/stored-messages";
import { conversationEntry, messageItem, messageItems, messageLog, newUser, openChatWith, send, signUp, uniqueUsername, test } from "../fixtures";

/*
 * The installed-app promises, in a real Chromium against the production build with its service
 * worker. "Offline" is real: the browser reaches the app through a door (a TCP proxy started here)
 * that is shut, so the service worker's own requests fail too, and the browser is told it is offline.
 */

/** A TCP proxy on a fixed free port in front of the shared app server; shut, nothing gets through. */
class Door {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(Number(this.target.port), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async shut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const executablePath = process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const launchArgs = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"];

let door: Door;
test.beforeEach(async () => {
  door = new Door(new URL(process.env.E2E_BASE_URL!));
  await door.open();
});
test.afterEach(async () => {
  await door.shut();
});

async function goOffline(context: BrowserContext): Promise<void> {
  await door.shut();
  await context.setOffline(true);
}

/**
 * Tells a page opened while offline that it is offline. Debian's Chromium (150) keeps the context's
 * offline emulation for requests, but navigator.onLine reads true in a document opened after it was
 * set, unlike a device that lost its network (and a CDP call on the page alone does not reach it);
 * setting the context's state again tells every document.
 */
async function offlineInPage(page: Page): Promise<void> {
  await page.context().setOffline(false);
  await page.context().setOffline(true);
}

/** Waits until the service worker controls the page and has fetched the app's files through itself. */
async function underServiceWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  // The first load ran before the worker: load again under it, so it sees the scripts and keeps them.
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/** The paths the service worker keeps for offline reading. */
function keptPages(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    if (!(await caches.has("messenger-pages"))) return [];
    const pages = await caches.open("messenger-pages");
    return (await pages.keys()).map((r) => new URL(r.url).pathname);
  });
}

function outboxBodies(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open("messenger", 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction("outbox").objectStore("outbox").getAll();
          request.onsuccess = () => {
            resolve((request.result as { body: string; createdAt: number }[]).sort((a, b) => a.createdAt - b.createdAt).map((i) => i.body));
            open.result.close();
          };
        };
      }),
  );
}

test("installable: a manifest with the project's own icons, theme colours for light and dark, a service worker", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: door.url });
  const page = await context.newPage();
  await page.goto("/sign-in");
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute("href");
  const manifest = (await (await page.request.get(manifestHref!)).json()) as {
    display: string;
    start_url: string;
    icons: { src: string; sizes: string; purpose: string }[];
  };
  expect(manifest).toMatchObject({ display: "standalone", start_url: "/" });
  expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
  for (const icon of manifest.icons) {
    const response = await page.request.get(icon.src);
    expect(response.status(), icon.src).toBe(200);
    expect(new URL(icon.src, door.url).origin).toBe(door.url);
  }
  const themes = await page
    .locator('meta[name="theme-color"]')
    .evaluateAll((metas) => metas.map((m) => `${m.getAttribute("media")} ${m.getAttribute("content")}`));
  expect(themes).toEqual(expect.arrayContaining([expect.stringContaining("light"), expect.stringContaining("dark")]));
  const scope = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
  expect(scope).toBe(`${door.url}/`);
  // Its own policy: only itself, no other origin.
  const worker = await page.request.get("/sw.js");
  expect(worker.headers()["content-security-policy"]).toContain("script-src 'self'");
  await context.close();
});

test("offline, the app opens the recent chats and their messages with a clear offline state, not an error page", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: door.url });
  const page = await context.newPage();
  const alice = uniqueUsername("alice");
  await signUp(page, alice);
  const bob = await newUser(browser, "bob");
  const chatPath = await openChatWith(page, bob.username);
  await send(page, "see you at the station");
  await bob.page.goto(chatPath);
  await send(bob.page, "platform 4, at nine");
  await expect(messageItem(page, "platform 4, at nine")).toBeVisible();

  await underServiceWorker(page);
  await page.goto("/");
  await expect.poll(() => keptPages(page), { timeout: 20_000 }).toEqual(expect.arrayContaining(["/", chatPath]));

  await goOffline(context);
  await page.goto(chatPath);
  await expect(messageItem(page, "see you at the station")).toBeVisible();
  await expect(messageItem(page, "platform 4, at nine")).toBeVisible();
  await expect(conversationEntry(page, new RegExp(bob.username))).toBeVisible();
  await offlineInPage(page);
  await expect(page.getByRole("status").filter({ hasText: "You are offline" })).toBeVisible({ timeout: 10_000 });

  // A page it did not keep: its own offline page, never an error page. With one of its scripts
  // missing offline it would not hydrate, and Next.js would soon swap it for "This page couldn't
  // load": every file it asked for while loading is there (goto waits for them all).
  const missing: string[] = [];
  page.on("requestfailed", (request) => {
    if (new URL(request.url()).pathname.startsWith("/_next/static/")) missing.push(request.url());
  });
  await page.goto("/people");
  await expect(page.getByRole("heading", { name: "You are offline" })).toBeVisible();
  expect(missing).toEqual([]);
  await context.close();
});

test("a message written offline survives closing the browser and is sent once, in order, by the next window opened online", async ({ browser }) => {
  test.setTimeout(120_000);
  const profile = mkdtempSync(join(tmpdir(), "messenger-profile-"));
  const launch = () => chromium.launchPersistentContext(profile, { baseURL: door.url, executablePath, args: launchArgs });
  try {
    let context = await launch();
    let page = context.pages()[0] ?? (await context.newPage());
    const alice = uniqueUsername("alice");
    await signUp(page, alice);
    const bob = await newUser(browser, "bob");
    const chatPath = await openChatWith(page, bob.username);
    await bob.page.goto(chatPath);
    await underServiceWorker(page);
    await send(page, "written before");
    await expect(messageItem(bob.page, "written before")).toBeVisible();

    await goOffline(context);
    await send(page, "written offline, one");
    await send(page, "written offline, two");
    await expect(messageItem(page, "written offline, two")).toContainText("Not sent yet");
    await expect(conversationEntry(page, new RegExp(bob.username))).toContainText("Not sent yet");
    await expect.poll(() => outboxBodies(page)).toEqual(["written offline, one", "written offline, two"]);
    await context.close();

    // Back online, a new window on the chat list (not the chat): the outbox goes out by itself.
    await door.open();
    context = await launch();
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto("/");
    await expect(messageItem(bob.page, "written offline, one")).toBeVisible({ timeout: 30_000 });
    await expect(messageItem(bob.page, "written offline, two")).toBeVisible();
    await expect.poll(() => outboxBodies(page)).toEqual([]);
    const stored = (await storedMessages(process.env.E2E_DATABASE_URL!, conversationIdOf(chatPath))).map((m) => m.body);
    expect(stored).toEqual(["written before", "written offline, one", "written offline, two"]);
    // Shown once each, in order, on both sides.
    await expect(messageItems(bob.page)).toHaveCount(3);
    await page.goto(chatPath);
    await expect(messageItems(page)).toHaveCount(3);
    await expect(messageLog(page).locator("li[data-pending]")).toHaveCount(0);
    await expect(messageItems(page).last()).toContainText("written offline, two");
    await context.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});

test("signing out drops the pages kept for offline reading: offline, nothing private is shown", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: door.url });
  const page = await context.newPage();
  await signUp(page, uniqueUsername("alice"));
  const bob = await newUser(browser, "bob");
  const chatPath = await openChatWith(page, bob.username);
  await send(page, "a private word");
  await underServiceWorker(page);
  await expect.poll(() => keptPages(page), { timeout: 20_000 }).toContain(chatPath);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expect.poll(() => keptPages(page)).toEqual([]);

  await goOffline(context);
  for (const path of [chatPath, "/"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "You are offline" })).toBeVisible();
    await expect(page.getByText("a private word")).toHaveCount(0);
    await expect(page.getByText(bob.username)).toHaveCount(0);
  }
  await context.close();
});

test("settings: hide previews is kept for the person; the device switch says when the server sends no pushes", async ({ browser }) => {
  const { page } = await newUser(browser, "alice");
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Notifications" });
  const hide = section.getByRole("checkbox", { name: /Hide previews/ });
  await expect(hide).not.toBeChecked();
  await hide.check();
  await expect(section.getByRole("status")).toHaveText("Notifications will not show message text.");
  await page.reload();
  await expect(page.getByRole("region", { name: "Notifications" }).getByRole("checkbox", { name: /Hide previews/ })).toBeChecked();
  // This stack runs a production build without WEB_PUSH: no switch to turn on, and it says why.
  const device = page.getByRole("region", { name: "Notifications" }).getByRole("checkbox", { name: /this device/ });
  await expect(device).toBeDisabled();
  await expect(page.getByText("This server does not send push notifications.")).toBeVisible();
});
