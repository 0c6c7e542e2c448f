import { expect } from "@playwright/test";
import { sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { PASSWORD, signUp, uniqueUsername, test } from "../fixtures";

test.describe("sign-up errors show next to their field", () => {
  test("a taken username", async ({ browser }) => {
    const username = uniqueUsername("taken");
    const first = await (await browser.newContext()).newPage();
    await signUp(first, username);

    const page = await (await browser.newContext()).newPage();
    await page.goto("/sign-up");
    // Case does not make a name different.
    await page.getByLabel("Username").fill(username.toUpperCase());
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByLabel("Username")).toHaveAccessibleDescription(/That username is taken/);
    await expect(page).toHaveURL(/\/sign-up$/);
  });

  test("a short password", async ({ page }) => {
    await page.goto("/sign-up");
    await page.getByLabel("Username").fill(uniqueUsername("short"));
    await page.getByLabel("Password").fill("1234567");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/at least 8 characters/);
  });

  test("a username with characters that are not allowed", async ({ page }) => {
    await page.goto("/sign-up");
    await page.getByLabel("Username").fill("no spaces!");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByLabel("Username")).toHaveAccessibleDescription(/Use only letters a-z, digits, _ and \./);
  });
});

test("sign in, sign out, and one generic message for wrong credentials", async ({ page }) => {
  const username = uniqueUsername("carol");
  await signUp(page, username);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  for (const [name, password] of [
    [username, "wrong password"],
    [uniqueUsername("nobody"), PASSWORD],
  ] as const) {
    await page.getByLabel("Username").fill(name);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // The form resets the password when the attempt is answered.
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(page.getByRole("alert").filter({ hasText: "Wrong username or password." })).toBeVisible();
    await expect(page.getByLabel("Username")).toHaveValue(name);
  }

  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});

test("a signed-out visit to a conversation lands on sign-in", async ({ page }) => {
  await page.goto("/c/00000000-0000-4000-8000-000000000001");
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("the realtime and messages APIs refuse what is not yours", async ({ browser, request }) => {
  // A group that exists with none of this test's people in it (General would not do: sign-up joins it).
  const foreignId = crypto.randomUUID();
  const db = await openDatabase(process.env.E2E_DATABASE_URL!);
  await db.run(sql`INSERT INTO conversation (id, kind, name) VALUES (${foreignId}, 'group', 'not yours')`);
  const signedOut = await request.post("/api/realtime/auth", {
    form: { socket_id: "1.1", channel_name: "private-user-00000000-0000-4000-8000-000000000001" },
  });
  expect(signedOut.status()).toBe(401);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page, uniqueUsername("dave"));
  const api = context.request;
  for (const form of [
    { socket_id: "1.1", channel_name: "private-user-00000000-0000-4000-8000-000000000001" },
    { socket_id: "1.1", channel_name: `private-conversation-${foreignId}` },
    { socket_id: "not-a-socket", channel_name: "private-user-x" },
    { socket_id: "1.1", channel_name: "presence-anything" },
  ]) {
    expect((await api.post("/api/realtime/auth", { form })).status()).toBe(403);
  }
  const foreign = await api.get(`/api/conversations/${foreignId}/messages`);
  expect(foreign.status()).toBe(403);
  const unknown = await api.get("/api/conversations/00000000-0000-4000-8000-0000000000ff/messages");
  expect(unknown.status()).toBe(404);
});

test("a next= holding a non-Latin-1 letter or a line break still signs in, to that page", async ({ page }) => {
  const username = uniqueUsername("next");
  await signUp(page, username);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in/);
  for (const next of ["/settings?from=zoë", "/settings?from=a\r\nb"]) {
    await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/settings");
    await expect(page.getByRole("heading", { name: "Settings", exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(/\/sign-in/);
  }
});
