import { expect, test, type Browser, type Page } from "@playwright/test";
import { closeContextsAfterFile, messageItem, messageLog, send, signUp, uniqueUsername } from "../fixtures";
import { ownStackForThisFile } from "../support/own-stack";

/**
 * Public rooms an admin runs (issue 19), with the admin, a member who becomes the room's moderator
 * and another member, each in a browser of their own. A stack of its own: its first sign-up must be
 * the first on the database, which makes it the server's admin.
 */
test.describe.configure({ mode: "serial" });
const stack = ownStackForThisFile();
closeContextsAfterFile();

type Person = { page: Page; username: string };

async function person(browser: Browser, prefix: string): Promise<Person> {
  const page = await (await browser.newContext({ baseURL: stack().baseURL })).newPage();
  const username = uniqueUsername(prefix);
  await signUp(page, username);
  return { page, username };
}

const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });
const ROOM = "Book club";

let admin: Person;
let adminChat: Page;
let mia: Person;
let max: Person;
let roomPath: string;

test("an admin creates a room; members join it from Rooms and chat there", async ({ browser }) => {
  test.setTimeout(120_000);
  admin = await person(browser, "boss");
  mia = await person(browser, "mia");
  max = await person(browser, "max");

  await admin.page.goto("/admin");
  await admin.page.getByLabel("New room's name").fill(ROOM);
  await admin.page.getByRole("button", { name: "Create room" }).click();
  await expect(admin.page.getByText("Room created: members find it in Rooms.")).toBeVisible();
  const rooms = admin.page.getByRole("list", { name: "Rooms" });
  await expect(rooms.getByRole("listitem", { name: ROOM })).toBeVisible();
  // General is never archived: it offers no such button.
  await expect(rooms.getByRole("button", { name: "Archive General" })).toHaveCount(0);

  for (const member of [mia, max]) {
    await member.page.goto("/rooms");
    await member.page.getByRole("button", { name: `Join ${ROOM}` }).click();
    await member.page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
  }
  roomPath = new URL(mia.page.url()).pathname;
  expect(new URL(max.page.url()).pathname).toBe(roomPath);
  // The admin, its creator and first member, follows the room in a second tab.
  adminChat = await admin.page.context().newPage();
  await adminChat.goto(roomPath);

  await send(max.page, "max says something rude");
  await send(mia.page, "mia says hello");
  for (const page of [mia.page, max.page, adminChat]) {
    await expect(messageItem(page, "max says something rude")).toBeVisible();
    await expect(messageItem(page, "mia says hello")).toBeVisible();
  }
});

test("the admin makes Mia moderator; she deletes Max's message and it goes live for everyone", async () => {
  test.setTimeout(120_000);
  const rude = messageItem(mia.page, "max says something rude");
  await rude.hover();
  await expect(rude.getByRole("button", { name: "Delete" })).toHaveCount(0);

  await admin.page.getByLabel(`Member to make moderator of ${ROOM}`).fill(mia.username);
  await admin.page.getByRole("listitem", { name: ROOM }).getByRole("button", { name: "Make moderator" }).click();
  await expect(admin.page.getByText("Made moderator.")).toBeVisible();
  await expect(admin.page.getByRole("button", { name: `Remove ${mia.username} as moderator of ${ROOM}` })).toBeVisible();

  // Mia's open chat learns it live (it reloads on the membership event): Delete shows on Max's message.
  await expect(async () => {
    await messageItem(mia.page, "max says something rude").hover();
    await expect(messageItem(mia.page, "max says something rude").getByRole("button", { name: "Delete" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  mia.page.once("dialog", (dialog) => void dialog.accept());
  await messageItem(mia.page, "max says something rude").getByRole("button", { name: "Delete" }).click();
  for (const page of [mia.page, max.page, adminChat]) {
    await expect(messageLog(page).getByText("max says something rude", { exact: true })).toHaveCount(0, { timeout: 15_000 });
    await expect(messageLog(page).getByText("Message deleted")).toBeVisible();
  }
  // Max, a plain member, has no Delete on Mia's message.
  await messageItem(max.page, "mia says hello").hover();
  await expect(messageItem(max.page, "mia says hello").getByRole("button", { name: "Delete" })).toHaveCount(0);

  await admin.page.reload();
  await expect(admin.page.getByRole("list", { name: "Audit log" }).getByText(`made moderator ${mia.username}`)).toBeVisible();
});

test("the admin renames and archives the room: members see it live, their composer turns read-only, history stays", async () => {
  test.setTimeout(120_000);
  const renamed = "Readers";
  await admin.page.getByLabel(`New name for ${ROOM}`).fill(renamed);
  await admin.page.getByRole("listitem", { name: ROOM }).getByRole("button", { name: "Rename" }).click();
  await expect(admin.page.getByText("Renamed.")).toBeVisible();
  for (const page of [mia.page, max.page]) {
    await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible({ timeout: 15_000 });
  }

  await admin.page.getByRole("button", { name: `Archive ${renamed}` }).click();
  await expect(admin.page.getByText("Archived: the room is read-only.")).toBeVisible();
  for (const page of [mia.page, max.page]) {
    await expect(page.getByText("This room is archived: its history stays, but no one can write here.")).toBeVisible({ timeout: 15_000 });
    await expect(composer(page)).toHaveCount(0);
    await expect(messageItem(page, "mia says hello")).toBeVisible();
  }
  // A send made anyway (another tab, a script) is refused by the server.
  const refused = await max.page.request.post(`/api/conversations/${roomPath.split("/").pop()}/messages`, {
    data: { clientId: crypto.randomUUID(), body: "sneaking in" },
  });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error.message).toBe("This room is archived: it is read-only.");

  await mia.page.goto("/rooms");
  await expect(mia.page.getByText("archived: read-only")).toBeVisible();

  await admin.page.getByRole("button", { name: `Unarchive ${renamed}` }).click();
  await expect(admin.page.getByText("Unarchived.")).toBeVisible();
  await expect(composer(max.page)).toBeVisible({ timeout: 15_000 });
  await send(max.page, "we are back");
  await expect(messageItem(adminChat, "we are back")).toBeVisible();
});

test("a deactivated person shows as deactivated in another person's chat header and chat list, live", async () => {
  test.setTimeout(120_000);
  await mia.page.goto(`/u/${max.username}`);
  await mia.page.getByRole("button", { name: "Message" }).click();
  await mia.page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
  await send(mia.page, "are you still around?");
  const header = mia.page.getByRole("region", { name: `Chat with ${max.username}` }).locator("header");
  const list = mia.page.getByRole("navigation", { name: "Conversations" });
  await expect(list.getByText("are you still around?")).toBeVisible();
  await expect(header.getByText("Deactivated", { exact: true })).toHaveCount(0);

  await admin.page.goto(`/admin?q=${max.username}`);
  await admin.page.getByRole("row", { name: max.username }).getByRole("button", { name: "Deactivate" }).click();
  await expect(admin.page.getByText("Deactivated: signed out everywhere.")).toBeVisible();

  await expect(header.getByText("Deactivated", { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(list.getByRole("link", { name: new RegExp(max.username) }).getByText("Deactivated", { exact: true })).toBeVisible({ timeout: 15_000 });
  // And in people search, on the next render.
  await mia.page.goto(`/people?q=${max.username}`);
  await expect(mia.page.getByRole("main").getByText("Deactivated", { exact: true })).toBeVisible();
});
