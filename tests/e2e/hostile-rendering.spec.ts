import { expect, type Page } from "@playwright/test";
import { HOSTILE_STRINGS } from "../support/hostile-strings";
import { aliceChatsWithBob, newUser, test } from "../fixtures";

/**
 * What one person types is shown to another as text: hostile message bodies and profile fields
 * appear on the other person's screen character for character, and nothing in them runs (no dialog,
 * no script, no element made from them).
 */

// What the database keeps (see lib/validations/text.ts) and one message can hold.
const STORABLE = HOSTILE_STRINGS.filter(
  ({ value }) => !value.includes("\u0000") && value.isWellFormed() && Array.from(value).length <= 4000 && value.trim() !== "",
);

/** Fails the test if anything the hostile text carries gets to run in this page. */
function watchForScripts(page: Page): string[] {
  const ran: string[] = [];
  page.on("dialog", (dialog) => {
    ran.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (message.text().includes("__hostile")) ran.push(`console: ${message.text()}`);
  });
  return ran;
}

async function expectNothingRan(page: Page, ran: string[]): Promise<void> {
  expect(ran).toEqual([]);
  expect(await page.evaluate(() => (window as { __hostile?: unknown }).__hostile)).toBeUndefined();
  // No element was made from the text: the only images are avatars, the only scripts Next.js's own.
  expect(await page.locator("img[src='x'], img[onerror], [onerror]").count()).toBe(0);
  expect(
    await page
      .locator("script:not([src])")
      .evaluateAll((scripts) => scripts.filter((s) => s.textContent?.includes("window.__hostile=1") && !s.textContent.includes("self.__next_f")).length),
  ).toBe(0);
}

test("hostile message bodies reach the other person as exact text, live and after a reload", async ({ browser }) => {
  test.setTimeout(120_000);
  const { alice, bob, chatPath } = await aliceChatsWithBob(browser);
  const ran = watchForScripts(bob.page);
  await bob.page.goto(chatPath);
  const conversationId = chatPath.split("/").pop();

  const sent: { id: number; text: string }[] = [];
  for (const { value } of STORABLE) {
    const response = await alice.page.request.post(`/api/conversations/${conversationId}/messages`, { data: { clientId: crypto.randomUUID(), body: value } });
    expect(response.status()).toBe(201);
    sent.push({ id: ((await response.json()) as { message: { id: number } }).message.id, text: value });
  }

  const shown = (id: number) => bob.page.locator(`li[data-message-id="${id}"] .whitespace-pre-wrap`).first();
  // Live: each arrives over the realtime connection and is rendered by React in the browser.
  for (const { id, text } of sent) await expect.poll(() => shown(id).textContent(), { timeout: 20_000 }).toBe(text);
  await expectNothingRan(bob.page, ran);

  // Rendered on the server: HTML parsing turns CR LF into LF, and nothing else may differ.
  await bob.page.reload();
  for (const { id, text } of sent.slice(-40)) await expect.poll(() => shown(id).textContent()).toBe(text.replace(/\r\n?/g, "\n"));
  await expectNothingRan(bob.page, ran);
});

test("hostile profile fields are shown to another person as text", async ({ browser }) => {
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");
  const profile = {
    firstName: '<img src=x onerror="window.__hostile=1">',
    lastName: "\u202Efdp.exe \u200B Z̴̡̛͉̈́a̸̧͎̐l̵̰̈́g̶̱̀o̵̙̔",
    bio: "<script>window.__hostile=1</script>\n'; DROP TABLE user; --\n$@1 ${process.exit()} 👨‍👩‍👧‍👦",
  };

  await alice.page.goto("/settings");
  await alice.page.getByLabel("First name").fill(profile.firstName);
  await alice.page.getByLabel("Last name").fill(profile.lastName);
  await alice.page.getByLabel("Bio").fill(profile.bio);
  await alice.page.getByRole("button", { name: "Save profile" }).click();
  await expect(alice.page.getByText("Profile saved.")).toBeVisible();

  const ran = watchForScripts(bob.page);
  await bob.page.goto(`/u/${alice.username}`);
  const card = bob.page.getByRole("region", { name: `Profile of ${alice.username}` });
  await expect(card.locator("p", { hasText: "onerror" })).toBeVisible();
  expect(await card.locator("p", { hasText: "onerror" }).textContent()).toBe(`${profile.firstName} ${profile.lastName}`);
  expect(await card.locator("p.whitespace-pre-wrap").textContent()).toBe(profile.bio);
  await expectNothingRan(bob.page, ran);
});

test("a direction override cannot disguise a link or a name: the real URL shows, and each is isolated", async ({ browser }) => {
  const { alice, bob, chatPath } = await aliceChatsWithBob(browser);
  const conversationId = chatPath.split("/").pop();
  // Shown raw, the link's end reads "exe.jpg"; it goes to an .exe.
  const body = "the photos: https://files.example/invoice\u202Egpj.exe enjoy";
  const response = await alice.page.request.post(`/api/conversations/${conversationId}/messages`, { data: { clientId: crypto.randomUUID(), body } });
  expect(response.status()).toBe(201);
  const { message } = (await response.json()) as { message: { id: number } };

  await bob.page.goto(chatPath);
  const link = bob.page.locator(`li[data-message-id="${message.id}"] a`);
  await expect(link).toHaveText("https://files.example/invoice%E2%80%AEgpj.exe");
  await expect(link).toHaveAttribute("href", "https://files.example/invoice%E2%80%AEgpj.exe");
  await expect(link).toHaveAttribute("dir", "ltr");
  expect(await link.evaluate((a) => getComputedStyle(a).unicodeBidi)).toBe("isolate");

  await alice.page.goto("/settings");
  await alice.page.getByLabel("First name").fill("\u202Eecila");
  await alice.page.getByLabel("Last name").fill("Smith");
  await alice.page.getByRole("button", { name: "Save profile" }).click();
  await expect(alice.page.getByText("Profile saved.")).toBeVisible();
  await bob.page.goto(`/u/${alice.username}`);
  const card = bob.page.getByRole("region", { name: `Profile of ${alice.username}` });
  expect(await card.locator("p bdi").allTextContents()).toEqual(["\u202Eecila", "Smith"]);
});
