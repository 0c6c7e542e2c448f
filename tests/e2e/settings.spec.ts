import { readFile } from "node:fs/promises";
import { expect, type Page } from "@playwright/test";
import { aliceChatsWithBob, anotherDevice, conversationEntry, messageLog, newUser, PASSWORD, send, signIn, test, uniqueUsername } from "../fixtures";
import { noisyPng, png, SVG } from "../support/images";

async function upload(page: Page, name: string, mimeType: string, buffer: Buffer) {
  await page.getByLabel("Upload a picture").setInputFiles({ name, mimeType, buffer });
  await page.getByRole("button", { name: "Upload picture" }).click();
}

/** The src of a loaded (decoded, non-empty) image inside `scope`. */
async function loadedImageSrc(scope: ReturnType<Page["locator"]>): Promise<string> {
  const image = scope.locator("img").first();
  await expect(image).toHaveAttribute("src", /^\/api\/avatars\/[0-9a-f]{64}\/(small|large)$/);
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  return (await image.getAttribute("src"))!;
}

test("an uploaded picture shows live in the other person's conversation list and chat; bad files are refused", async ({ browser }) => {
  const { alice, bob, chatPath } = await aliceChatsWithBob(browser);
  await send(alice.page, "look at my new picture");
  await bob.page.goto(chatPath);
  await expect(messageLog(bob.page).getByText("look at my new picture")).toBeVisible();
  const entry = conversationEntry(bob.page, new RegExp(alice.username));
  const chatHeader = bob.page.getByRole("region", { name: `Chat with ${alice.username}` }).locator("header");
  await expect(entry.locator("img")).toHaveCount(0);

  await alice.page.goto("/settings");
  await upload(alice.page, "me.png", "image/png", await png(300, 200));
  await expect(alice.page.getByText("Picture uploaded.")).toBeVisible();

  // Bob never reloads.
  const inList = await loadedImageSrc(entry);
  const inChat = await loadedImageSrc(chatHeader);
  expect(inList.split("/")[3]).toBe(inChat.split("/")[3]);
  const served = await bob.page.request.get(inChat.replace(/small$/, "large"));
  expect(served.headers()["content-type"]).toBe("image/webp");
  expect(served.headers()["cache-control"]).toContain("immutable");

  // Refusals show beside the field and change nothing. (Each differs from the one before, so each
  // expectation waits for its own answer.)
  const picture = alice.page.getByLabel("Upload a picture");
  for (const [name, type, bytes, message] of [
    ["drawing.svg", "image/svg+xml", SVG, "Upload a JPEG, PNG, WebP or GIF image."],
    ["broken.png", "image/png", (await png(300, 200)).subarray(0, 300), "damaged or incomplete"],
    ["notes.png", "image/png", Buffer.from("not really a picture"), "Upload a JPEG, PNG, WebP or GIF image."],
    ["huge.png", "image/png", await noisyPng(6 * 1024 * 1024), "Images can be at most 5 MB."],
  ] as const) {
    await upload(alice.page, name, type, bytes);
    await expect(picture).toHaveAccessibleDescription(new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  }
  expect(await loadedImageSrc(entry)).toBe(inList);

  // A preset replaces the upload; removing it brings back the initials.
  await alice.page.getByText("Ocean", { exact: true }).click();
  await alice.page.getByRole("button", { name: "Use this picture" }).click();
  await expect(alice.page.getByText("Picture changed.")).toBeVisible();
  await expect.poll(() => loadedImageSrc(entry)).not.toBe(inList);
  await alice.page.getByRole("button", { name: "Remove picture" }).click();
  await expect(entry.locator("img")).toHaveCount(0);
});

test("a username change: the new name everywhere, the old link gone, a taken name refused", async ({ browser }) => {
  const { alice, bob } = await aliceChatsWithBob(browser);
  await send(alice.page, "hi");
  await expect(conversationEntry(bob.page, new RegExp(alice.username))).toBeVisible();

  await alice.page.goto("/settings");
  const field = alice.page.getByRole("textbox", { name: "Username" });
  await field.fill(bob.username.toUpperCase());
  await alice.page.getByRole("button", { name: "Change username" }).click();
  await expect(field).toHaveAccessibleDescription(/That username is taken/);

  const renamed = uniqueUsername("alicia");
  await field.fill(renamed);
  await alice.page.getByRole("button", { name: "Change username" }).click();
  await expect(alice.page.getByText(`Your username is now ${renamed}.`)).toBeVisible();
  await expect(alice.page.getByRole("complementary").getByRole("link", { name: renamed, exact: true })).toBeVisible();

  await expect(conversationEntry(bob.page, new RegExp(renamed))).toBeVisible();
  await bob.page.goto(`/u/${alice.username}`);
  await expect(bob.page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await bob.page.goto(`/u/${renamed}`);
  await expect(bob.page.getByRole("heading", { name: renamed })).toBeVisible();

  // Another device signs in with the new name.
  const device = await anotherDevice(browser, renamed);
  await expect(device.getByRole("complementary").getByRole("link", { name: renamed, exact: true })).toBeVisible();
});

test("sign out everywhere signs out the other browser on its next request", async ({ browser }) => {
  const laptop = await newUser(browser, "dana");
  const phone = await anotherDevice(browser, laptop.username);

  await laptop.page.goto("/settings");
  await laptop.page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(laptop.page).toHaveURL(/\/sign-in/);

  // The phone still holds its cookie; its next request is refused all the same.
  expect((await phone.request.get("/api/account/export")).status()).toBe(401);
  await phone.goto("/people");
  await expect(phone).toHaveURL(/\/sign-in/);
  await signIn(phone, laptop.username);
});

test("a password change signs out other sessions and keeps this one", async ({ browser }) => {
  const laptop = await newUser(browser, "erin");
  const phone = await anotherDevice(browser, laptop.username);

  await laptop.page.goto("/settings");
  await laptop.page.getByLabel("Current password").fill("not my password");
  await laptop.page.getByLabel("New password").fill("a brand new password");
  await laptop.page.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.page.getByLabel("Current password")).toHaveAccessibleDescription(/That password is not correct/);

  await laptop.page.getByLabel("Current password").fill(PASSWORD);
  await laptop.page.getByLabel("New password").fill("a brand new password");
  await laptop.page.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.page.getByText("Password changed. Every other session is signed out.")).toBeVisible();

  await phone.goto("/people");
  await expect(phone).toHaveURL(/\/sign-in/);
  await laptop.page.goto("/people");
  await expect(laptop.page.getByRole("heading", { name: "People" })).toBeVisible();
  await signIn(phone, laptop.username, "a brand new password");
});

test("download my data (sent and received), then delete the account after a confirmation: messages stay under Deleted user", async ({ browser }) => {
  const { alice, bob, chatPath } = await aliceChatsWithBob(browser);
  await send(alice.page, "remember me");
  await expect(messageLog(alice.page).getByText("remember me")).toBeVisible();
  await bob.page.goto(chatPath);
  await send(bob.page, "I will");
  await expect(messageLog(alice.page).getByText("I will")).toBeVisible();

  await alice.page.goto("/settings");
  const [download] = await Promise.all([alice.page.waitForEvent("download"), alice.page.getByRole("link", { name: "Download my data" }).click()]);
  const data = JSON.parse(await readFile((await download.path())!, "utf8"));
  expect(data.profile.username).toBe(alice.username);
  expect(data.messages.map((m: { body: string }) => m.body)).toEqual(["remember me"]);
  expect(data.received.map((m: { from: string; body: string }) => [m.from, m.body])).toEqual([[bob.username, "I will"]]);

  // Each attempt asks first; saying no changes nothing.
  const answers: string[] = [];
  const answer = (yes: boolean) =>
    alice.page.once("dialog", (dialog) => {
      answers.push(dialog.message());
      void (yes ? dialog.accept() : dialog.dismiss());
    });
  const password = alice.page.getByLabel("Password to confirm deletion");
  await password.fill(PASSWORD);
  answer(false);
  await alice.page.getByRole("button", { name: "Delete my account" }).click();
  await expect.poll(() => answers.length).toBe(1);
  expect(answers[0]).toContain("cannot be undone");
  await alice.page.reload();
  await expect(alice.page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
  await password.fill("wrong password");
  answer(true);
  await alice.page.getByRole("button", { name: "Delete my account" }).click();
  await expect(password).toHaveAccessibleDescription(/That password is not correct/);
  await password.fill(PASSWORD);
  answer(true);
  await alice.page.getByRole("button", { name: "Delete my account" }).click();
  await expect(alice.page).toHaveURL(/\/sign-in/);

  await bob.page.goto(chatPath);
  await expect(bob.page.getByRole("heading", { name: "Deleted user" })).toBeVisible();
  await expect(messageLog(bob.page).getByText("remember me")).toBeVisible();
  await bob.page.goto(`/u/${alice.username}`);
  await expect(bob.page.getByRole("heading", { name: "Not found" })).toBeVisible();

  await alice.page.getByLabel("Username").fill(alice.username);
  await alice.page.getByLabel("Password").fill(PASSWORD);
  await alice.page.getByRole("button", { name: "Sign in" }).click();
  await expect(alice.page.getByRole("alert").filter({ hasText: "Wrong username or password." })).toBeVisible();
});
