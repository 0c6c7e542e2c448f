import { expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import webPush from "web-push";
import { openDatabase } from "@/db/client";
import {
  befriend,
  conversationEntry,
  createGroup,
  hiddenTabOf,
  messageItem,
  messageLog,
  PHONE,
  send,
  notified,
  setName,
  uniqueUsername,
  signUp,
  test,
} from "../fixtures";
import { ownStackForThisFile } from "../support/own-stack";
import { asJson, browserSubscription, decryptPush, LocalPushService } from "../support/push-service";

/*
 * Mentions with three browsers (one a phone) on a stack of this file's own, with Web Push on: the
 * shared stack runs as production does, where pushes are off unless a deployment has its own keys.
 */
const vapid = webPush.generateVAPIDKeys();
const stack = ownStackForThisFile({
  env: { WEB_PUSH: "1", VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: "mailto:push@messenger.test" },
});
const pushService = new LocalPushService();
test.beforeAll(() => pushService.start());
test.afterAll(() => pushService.stop());

async function person(browser: Browser, prefix: string, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ ...options, baseURL: stack().baseURL });
  const page = await context.newPage();
  const username = uniqueUsername(prefix);
  await signUp(page, username);
  return { page, username };
}

/**
 * A device of `username` that the server pushes to: a subscription as a browser makes one, for this
 * test's push service. Stored straight in the database: the subscriptions route takes only https
 * endpoints in production, and no browser here has a push service of its own.
 */
async function pushDevice(username: string) {
  const device = browserSubscription(`${pushService.origin}/push/${username}`);
  const { keys } = asJson(device);
  const db = await openDatabase(stack().databaseUrl);
  try {
    await db.$client.execute({
      sql: `INSERT INTO push_subscription (user_id, endpoint, p256dh, auth, session_version)
        SELECT id, ?, ?, ?, session_version FROM user WHERE username = ?`,
      args: [device.endpoint, keys.p256dh, keys.auth, username],
    });
  } finally {
    db.$client.close();
  }
  return device;
}

const box = (page: Page) => page.getByRole("textbox", { name: "Message" });
const options = (page: Page) => page.getByRole("listbox", { name: "Members to mention" });

test("a mention autocompletes, shows as a chip to the profile, marks the mentioned member's list live, and reaches a muted member", async ({ browser }) => {
  test.setTimeout(240_000);
  const ana = await person(browser, "ana");
  const ben = await person(browser, "ben", PHONE);
  const cyd = await person(browser, "cyd");
  await setName(ben.page, "Ben", "Rowe");
  await befriend(ana.page, ana.username, ben.page, ben.username);
  await befriend(ana.page, ana.username, cyd.page, cyd.username);
  const groupPath = await createGroup(ana.page, "Mentions", [ben.username, cyd.username]);

  // Ben is on his chat list: the group shows no mention yet.
  await ben.page.goto("/");
  const bensRow = conversationEntry(ben.page, /Mentions/);
  await expect(bensRow).toBeVisible();
  await expect(bensRow.getByTestId("mention-marker")).toHaveCount(0);

  // Ana types @ and part of Ben's name: he is offered by name and username; Esc closes, ↓ and Enter pick.
  // The box takes typing once its code is in (a read-only stand-in shows until then: lazy-composer.tsx).
  await expect(box(ana.page)).toBeEditable();
  // Four letters: two could be in Cyd's generated username too.
  await box(ana.page).pressSequentially("lunch? @rowe");
  await expect(options(ana.page).getByRole("option")).toHaveCount(1);
  await expect(options(ana.page).getByRole("option").first()).toContainText("Ben Rowe");
  await expect(options(ana.page).getByRole("option").first()).toContainText(`@${ben.username}`);
  await box(ana.page).press("Escape");
  await expect(options(ana.page)).toHaveCount(0);
  await box(ana.page).press("Backspace");
  await expect(options(ana.page)).toHaveCount(0);
  for (let i = 0; i < 4; i++) await box(ana.page).press("Backspace");
  await box(ana.page).pressSequentially("@rowe");
  await expect(options(ana.page).getByRole("option", { selected: true })).toContainText("Ben Rowe");
  await box(ana.page).press("Enter");
  await expect(box(ana.page)).toHaveValue(`lunch? @${ben.username} `);
  await box(ana.page).pressSequentially("at noon");
  await box(ana.page).press("Enter");

  // A chip named as Ben names himself, opening his profile; no token anywhere.
  const sent = messageLog(ana.page).locator("li[data-message-id]").filter({ hasText: "at noon" });
  const chip = messageLog(ana.page).getByRole("link", { name: "@Ben Rowe" });
  await expect(chip).toBeVisible();
  await expect(sent).toContainText("lunch? @Ben Rowe at noon");
  await expect(chip).toHaveAttribute("href", `/u/${ben.username}`);

  // Ben's list marks the group live, with the plain text in its preview; opening it clears the mark.
  await expect(bensRow.getByTestId("mention-marker")).toBeVisible();
  await expect(bensRow).toContainText("lunch? @Ben Rowe at noon");
  await expect(bensRow.getByLabel("Mentioned you")).toBeVisible();
  // Leaving the moment the chip shows could go before the message was reported seen: wait for the read mark.
  const readMark = ben.page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.endsWith("/read"));
  await bensRow.tap();
  await ben.page.waitForURL(new RegExp(groupPath));
  await expect(messageLog(ben.page).getByRole("link", { name: "@Ben Rowe" })).toBeVisible();
  expect((await readMark).ok()).toBe(true);
  await ben.page.goto("/");
  await expect(bensRow).toBeVisible();
  await expect(bensRow.getByTestId("mention-marker")).toHaveCount(0);
  await ben.page.goto(groupPath);

  // On the phone, Ben picks Cyd with a tap; the box keeps what he typed around it.
  await expect(box(ben.page)).toBeEditable();
  await box(ben.page).tap();
  await box(ben.page).pressSequentially(`hey @${cyd.username.slice(0, 4)}`);
  await options(ben.page)
    .getByRole("option", { name: new RegExp(cyd.username) })
    .tap();
  await expect(box(ben.page)).toHaveValue(`hey @${cyd.username} `);
  await box(ben.page).press("Enter");
  await expect(messageLog(ana.page).getByRole("link", { name: `@${cyd.username}` })).toBeVisible();

  // Search reads the mention as people do: Cyd finds it by Ben's name, shown as "@Ben Rowe".
  await cyd.page.goto("/search?q=Rowe");
  const found = cyd.page.getByRole("list", { name: "Search results" }).getByRole("link").filter({ hasText: "at noon" });
  await expect(found).toHaveCount(1);
  await expect(found).toContainText("lunch? @Ben Rowe at noon");
  await expect(found.locator("mark")).toHaveText("Rowe");

  // The chip opens the profile.
  await chip.click();
  await ana.page.waitForURL(new RegExp(`/u/${ben.username}$`));

  // Cyd mutes the group: a message for everyone makes no notification or push for her, a mention does both.
  const cydPhone = await pushDevice(cyd.username);
  await cyd.page.goto(groupPath);
  // A click before the page has hydrated opens nothing: press until the menu is there.
  await expect(async () => {
    await cyd.page.getByRole("button", { name: "Mute" }).click();
    await expect(cyd.page.getByRole("menuitem", { name: "Until I unmute" })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  await cyd.page.getByRole("menuitem", { name: "Until I unmute" }).click();
  await expect(cyd.page.getByRole("button", { name: "Unmute" })).toBeVisible();
  const cydAway = await hiddenTabOf(browser, cyd.username, { baseURL: stack().baseURL });
  await expect(conversationEntry(cydAway, /Mentions/)).toBeVisible();
  await ana.page.goto(groupPath);
  await send(ana.page, "anyone around?");
  await expect(messageItem(cyd.page, "anyone around?")).toBeVisible();
  await send(ana.page, `@${cyd.username} you are needed`);
  await expect(
    messageLog(cyd.page)
      .locator("li[data-message-id]")
      .filter({ hasText: "you are needed" })
      .getByRole("link", { name: `@${cyd.username}` }),
  ).toBeVisible();
  await expect.poll(() => notified(cydAway)).toEqual([`${ana.username}: @${cyd.username} you are needed`]);
  await expect.poll(() => pushService.to(`/push/${cyd.username}`).length).toBe(1);
  const push = JSON.parse(decryptPush(cydPhone, pushService.to(`/push/${cyd.username}`)[0]!.body)) as { body: string; title: string };
  expect(push).toMatchObject({ title: ana.username, body: `@${cyd.username} you are needed` });

  // Written with no network, it waits in the outbox: the chat list's preview names the mentioned, and it goes once online.
  await ana.page.context().setOffline(true);
  await send(ana.page, `@${cyd.username} still there?`);
  await expect(conversationEntry(ana.page, /Mentions/)).toContainText(`Not sent yet: @${cyd.username} still there?`);
  await ana.page.context().setOffline(false);
  await expect(messageLog(cyd.page).locator("li[data-message-id]").filter({ hasText: "still there?" })).toBeVisible({ timeout: 30_000 });
});
