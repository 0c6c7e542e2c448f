import { expect, test, type Browser, type Page } from "@playwright/test";
import { closeContextsAfterFile, messageItem, messageLog, PASSWORD, send, uniqueUsername } from "../fixtures";
import { ownStackForThisFile } from "../support/own-stack";

/**
 * Running a server (issue 19), with an admin, a member and the member who gets reported, each in a
 * browser of their own. The spec has a stack of its own: its first sign-up must be the first on the
 * database (the admin), and it changes the server's sign-up mode, which would refuse other specs'
 * sign-ups on a shared stack.
 */
test.describe.configure({ mode: "serial" });
const stack = ownStackForThisFile();
closeContextsAfterFile();

async function person(browser: Browser, prefix: string): Promise<{ page: Page; username: string }> {
  const page = await (await browser.newContext({ baseURL: stack().baseURL })).newPage();
  return { page, username: uniqueUsername(prefix) };
}

async function fillSignUp(page: Page, username: string, path = "/sign-up") {
  await page.goto(path);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
}

async function signUp(page: Page, username: string, path?: string) {
  await fillSignUp(page, username, path);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

async function reportMessage(page: Page, text: string, reason: string) {
  page.once("dialog", (dialog) => void dialog.accept(reason));
  const item = messageItem(page, text);
  await item.hover();
  await item.getByRole("button", { name: "Report" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reported to the server's admins." })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "Reported" })).toHaveCount(0);
}

let admin: { page: Page; username: string };
let mia: { page: Page; username: string };
let troll: { page: Page; username: string };

test("the first account is the admin; invite-only sign-up refuses a stranger and admits an invited one", async ({ browser }) => {
  test.setTimeout(120_000);
  admin = await person(browser, "boss");
  mia = await person(browser, "mia");
  troll = await person(browser, "troll");
  await signUp(admin.page, admin.username);
  await signUp(mia.page, mia.username);
  await signUp(troll.page, troll.username);
  await expect(admin.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toBeVisible();
  await expect(mia.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);

  await admin.page.goto("/admin");
  await admin.page.getByLabel("Invite-only: people with an invitation link").check();
  await admin.page.getByRole("button", { name: "Save sign-up" }).click();
  await expect(admin.page.getByText("Sign-up is now invite-only.")).toBeVisible();

  const stranger = await person(browser, "stranger");
  await stranger.page.goto("/sign-up");
  await expect(stranger.page.getByRole("status").filter({ hasText: "by invitation only" })).toBeVisible();
  await fillSignUp(stranger.page, stranger.username);
  await expect(stranger.page.getByRole("main").getByRole("alert")).toHaveText("Sign-up on this server is by invitation only.");

  await admin.page.getByRole("button", { name: "Make invitation" }).click();
  await expect(admin.page.getByText("Invitation made: copy its link below.")).toBeVisible();
  const linkBox = admin.page.getByLabel("Invitation link", { exact: true }).first();
  await expect(linkBox).toHaveValue(new RegExp(`^${stack().baseURL}/sign-up\\?invite=[A-Za-z0-9_-]{32}$`));
  const link = new URL(await linkBox.inputValue());
  expect(link.pathname).toBe("/sign-up");

  const invited = await person(browser, "invited");
  await signUp(invited.page, invited.username, link.pathname + link.search);
  // One use: the stranger who gets hold of the same link is told it is used up.
  await fillSignUp(stranger.page, stranger.username, link.pathname + link.search);
  await expect(stranger.page.getByRole("main").getByRole("alert")).toHaveText("This invitation has been used up. Ask for a new one.");
  await expect(stranger.page).toHaveURL(/\/sign-up/);

  await admin.page.reload();
  await expect(admin.page.getByText(/used up · 1 of 1 used/)).toBeVisible();

  // Members may invite only once the admin allows it.
  await mia.page.goto("/settings");
  await expect(mia.page.getByRole("button", { name: "Make invitation" })).toHaveCount(0);
  await admin.page.getByLabel("Members may make invitation links too").check();
  await admin.page.getByRole("button", { name: "Save sign-up" }).click();
  await expect(admin.page.getByText("Sign-up is now invite-only.")).toBeVisible();
  await mia.page.reload();
  await mia.page.getByRole("button", { name: "Make invitation" }).click();
  const miasLink = mia.page.getByLabel("Invitation link", { exact: true });
  await expect(miasLink).toHaveValue(/\/sign-up\?invite=/);
  await mia.page.getByRole("button", { name: "Revoke" }).click();
  await expect(mia.page.getByText(/^revoked ·/)).toBeVisible();
  const revokedLink = new URL(await miasLink.inputValue());
  await fillSignUp(stranger.page, stranger.username, revokedLink.pathname + revokedLink.search);
  await expect(stranger.page.getByRole("main").getByRole("alert")).toHaveText("This invitation was revoked. Ask for a new one.");

  await admin.page.getByLabel("Members may make invitation links too").uncheck();
  await admin.page.getByLabel("Open: anyone who finds the server").check();
  await admin.page.getByRole("button", { name: "Save sign-up" }).click();
  await expect(admin.page.getByText("Sign-up is now open.")).toBeVisible();
});

test("a report reaches the admin, who deletes the message live for everyone and deactivates its author", async () => {
  test.setTimeout(120_000);
  // The troll writes to Mia; both have the chat open.
  await troll.page.goto(`/u/${mia.username}`);
  await troll.page.getByRole("button", { name: "Message" }).click();
  await troll.page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
  const chatPath = new URL(troll.page.url()).pathname;
  await send(troll.page, "first nasty words");
  await mia.page.goto(chatPath);
  await expect(messageItem(mia.page, "first nasty words")).toBeVisible();

  // The admin has /admin open: the report arrives there without a reload.
  await admin.page.goto("/admin");
  await expect(admin.page.getByText("No open reports.")).toBeVisible();
  await reportMessage(mia.page, "first nasty words", "insults me");
  const reports = admin.page.getByRole("list", { name: "Open reports" });
  await expect(reports.getByText("first nasty words")).toBeVisible({ timeout: 15_000 });
  await expect(reports.getByText("Reason: insults me")).toBeVisible();

  await reports.getByRole("button", { name: "Delete message" }).click();
  await expect(admin.page.getByText("No open reports.")).toBeVisible();
  for (const page of [mia.page, troll.page]) {
    await expect(messageLog(page).getByText("first nasty words", { exact: true })).toHaveCount(0, { timeout: 15_000 });
    await expect(messageLog(page).getByText("Message deleted")).toBeVisible();
  }

  await send(troll.page, "second nasty words");
  await expect(messageItem(mia.page, "second nasty words")).toBeVisible();
  await reportMessage(mia.page, "second nasty words", "again");
  await expect(reports.getByText("second nasty words")).toBeVisible({ timeout: 15_000 });
  await reports.getByRole("button", { name: `Delete and deactivate ${troll.username}` }).click();

  // The troll's open tab, untouched, lands on sign-in within seconds: the server ended its
  // connection, and the tab found its session gone.
  await expect(troll.page).toHaveURL(/\/sign-in/, { timeout: 20_000 });
  await expect(messageLog(mia.page).getByText("second nasty words", { exact: true })).toHaveCount(0, { timeout: 15_000 });
  await troll.page.getByLabel("Username").fill(troll.username);
  await troll.page.getByLabel("Password").fill(PASSWORD);
  await troll.page.getByRole("button", { name: "Sign in" }).click();
  await expect(troll.page.getByRole("main").getByRole("alert")).toHaveText("This account has been deactivated by the server's admins.");
  // Others see the account as deactivated; its messages stay in the chat.
  await mia.page.goto(`/u/${troll.username}`);
  await expect(mia.page.getByRole("region", { name: `Profile of ${troll.username}` }).getByText("Deactivated", { exact: true })).toBeVisible();
  await expect(mia.page.getByRole("navigation", { name: "Conversations" }).getByText("Deactivated", { exact: true })).toBeVisible();

  await admin.page.reload();
  const log = admin.page.getByRole("list", { name: "Audit log" });
  await expect(log.getByText(`deactivated ${troll.username}`)).toBeVisible();
  await expect(log.getByText("deleted message").first()).toBeVisible();
  await expect(log.getByText("sign-up policy").first()).toBeVisible();
});

test("a non-admin gets 403 from /admin and a refusal from every admin action", async () => {
  const response = await mia.page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(mia.page.getByText("Only the server's admins can open this page.")).toBeVisible();
  // The actions themselves are called over HTTP as a member in tests/e2e/access-matrix.spec.ts.
});

test("sign out everywhere and a password change send the other open tab to sign-in by themselves; the tab that changed it stays live", async ({ browser }) => {
  test.setTimeout(120_000);
  const laptop = await person(browser, "dana");
  await signUp(laptop.page, laptop.username);
  const phone = await (await browser.newContext({ baseURL: stack().baseURL })).newPage();
  // Signed in with the app open: the page has signed its realtime socket in as its user.
  const signInAs = async (page: Page, password = PASSWORD) => {
    const socketSignedIn = page.waitForResponse((r) => r.url().endsWith("/api/realtime/user-auth") && r.request().method() === "POST" && r.ok());
    await page.goto("/sign-in");
    await page.getByLabel("Username").fill(laptop.username);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await socketSignedIn;
  };
  await signInAs(phone);
  // The phone's tab is left open on the chat list and never touched again until it is on sign-in.

  await laptop.page.goto("/settings");
  await laptop.page.getByLabel("Current password").fill(PASSWORD);
  await laptop.page.getByLabel("New password").fill("a brand new password");
  await laptop.page.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.page.getByText("Password changed. Every other session is signed out.")).toBeVisible();
  await expect(phone).toHaveURL(/\/sign-in/, { timeout: 20_000 });

  // The laptop, whose connection ended too, is signed in with the new session and hears live again.
  await expect(laptop.page).toHaveURL(/\/settings/);
  await mia.page.goto(`/u/${laptop.username}`);
  await mia.page.getByRole("button", { name: "Message" }).click();
  await mia.page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
  await send(mia.page, "are you still there?");
  await expect(laptop.page.getByRole("navigation", { name: "Conversations" }).getByText("are you still there?")).toBeVisible({ timeout: 20_000 });

  await signInAs(phone, "a brand new password");
  await laptop.page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(laptop.page).toHaveURL(/\/sign-in/);
  await expect(phone).toHaveURL(/\/sign-in/, { timeout: 20_000 });
});
