import { expect } from "@playwright/test";
import { aliceChatsWithBob, befriend, conversationEntry, messageItem, messageLog, newUser, openChatWith, send, test } from "../fixtures";

test("a friend request arrives live, is accepted live, and both see each other as contacts", async ({ browser }) => {
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");
  const carol = await newUser(browser, "carol");
  const bobsContactsTab = bob.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Contacts/ });
  await expect(bobsContactsTab).toHaveAccessibleName("Contacts");

  await alice.page.goto(`/u/${bob.username}`);
  await alice.page.getByRole("button", { name: "Add contact" }).click();
  await expect(alice.page.getByRole("button", { name: "Cancel request" })).toBeVisible();

  // Bob has not reloaded: the badge arrives over his realtime channel.
  await expect(bobsContactsTab).toHaveAccessibleName("Contacts 1 new request");
  await bobsContactsTab.click();
  const requests = bob.page.getByRole("list", { name: "Requests" });
  await expect(requests.getByRole("link", { name: new RegExp(alice.username) })).toBeVisible();
  await bob.page.getByRole("button", { name: `Accept ${alice.username}` }).click();

  // Alice, still on Bob's profile, sees the acceptance without reloading.
  await expect(alice.page.getByRole("button", { name: "Remove contact" })).toBeVisible();
  await expect(bobsContactsTab).toHaveAccessibleName("Contacts");
  const bobsContacts = bob.page.getByRole("list", { name: "Your contacts" });
  await expect(bobsContacts.getByRole("link", { name: new RegExp(alice.username) })).toBeVisible();
  await expect(bobsContacts.getByText("Online")).toBeVisible();

  await alice.page.goto("/contacts");
  const alicesContacts = alice.page.getByRole("list", { name: "Your contacts" });
  await expect(alicesContacts.getByRole("link", { name: new RegExp(bob.username) })).toBeVisible();

  // Presence is for contacts only: Alice sees Bob's, Carol does not.
  await alice.page.goto(`/u/${bob.username}`);
  await expect(alice.page.getByText("Online")).toBeVisible();
  await carol.page.goto(`/u/${bob.username}`);
  await expect(carol.page.getByRole("heading", { name: bob.username })).toBeVisible();
  await expect(carol.page.getByText(/Online|Last seen/)).toHaveCount(0);

  // Either side may end it, and the other side sees it end live.
  await bob.page.goto(`/u/${alice.username}`);
  await bob.page.getByRole("button", { name: "Remove contact" }).click();
  await expect(bob.page.getByRole("button", { name: "Add contact" })).toBeVisible();
  await expect(alice.page.getByRole("button", { name: "Add contact" })).toBeVisible();
});

test("blocking: the blocked person cannot message, chat, request or find; the chat hides for the blocker until unblocked", async ({ browser }) => {
  const { alice, bob, chatPath } = await aliceChatsWithBob(browser);
  await send(alice.page, "hello bob");
  await expect(conversationEntry(bob.page, new RegExp(alice.username))).toBeVisible();

  await bob.page.goto(`/u/${alice.username}`);
  await bob.page.getByRole("button", { name: "Block" }).click();
  await expect(bob.page.getByText("You blocked this person.")).toBeVisible();
  await expect(bob.page.getByRole("button", { name: "Message" })).toHaveCount(0);
  await expect(conversationEntry(bob.page, new RegExp(alice.username))).toHaveCount(0);

  // Alice, in the chat she already had, tries to write.
  await alice.page.goto(chatPath);
  await send(alice.page, "are you there?");
  await expect(messageLog(alice.page).getByText("Failed: You cannot message this person.")).toBeVisible();

  await alice.page.goto(`/u/${bob.username}`);
  await alice.page.getByRole("button", { name: "Message" }).click();
  await expect(alice.page.getByRole("alert").filter({ hasText: "You cannot message this person." })).toBeVisible();
  await expect(alice.page).toHaveURL(new RegExp(`/u/${bob.username}$`));
  await alice.page.getByRole("button", { name: "Add contact" }).click();
  await expect(alice.page.getByRole("alert").filter({ hasText: "You cannot send a request to this person." })).toBeVisible();

  await alice.page.goto(`/people?q=${bob.username}`);
  await expect(alice.page.getByText(`No one matches “${bob.username}”.`)).toBeVisible();

  // Bob unblocks from settings: the chat returns to his list and Alice can write again.
  await bob.page.goto("/settings");
  await bob.page.getByRole("button", { name: `Unblock ${alice.username}` }).click();
  await expect(bob.page.getByText("You have not blocked anyone.")).toBeVisible();
  await expect(conversationEntry(bob.page, new RegExp(alice.username))).toBeVisible();
  await alice.page.goto(chatPath);
  await send(alice.page, "back again");
  await bob.page.goto(chatPath);
  await expect(messageLog(bob.page).getByText("back again")).toBeVisible();
});

test("finding people by the start of a username, first or last name, in any case", async ({ browser }) => {
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");
  // Random, not time-based: two runs against one database must not share the prefix searched for.
  const surname = `Qx${Math.random().toString(36).slice(2, 10)}`;
  await alice.page.goto("/settings");
  await alice.page.getByLabel("Last name").fill(surname);
  await alice.page.getByRole("button", { name: "Save profile" }).click();
  await expect(alice.page.getByText("Profile saved.")).toBeVisible();

  await bob.page.goto("/people");
  await bob.page.getByRole("searchbox", { name: "Search people" }).fill(surname.slice(0, 8).toLowerCase());
  await bob.page.getByRole("button", { name: "Search" }).click();
  const results = bob.page.getByRole("list", { name: "Search results" });
  await expect(results.getByRole("link")).toHaveCount(1);
  await expect(results.getByRole("link", { name: new RegExp(alice.username) })).toBeVisible();

  await bob.page.getByRole("searchbox", { name: "Search people" }).fill(bob.username.toUpperCase());
  await bob.page.getByRole("button", { name: "Search" }).click();
  await expect(results.getByRole("link", { name: new RegExp(bob.username) })).toBeVisible();
});

test("a request cancelled by its sender and one declined by its recipient disappear live on the other side", async ({ browser }) => {
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");
  const bobsContactsTab = bob.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Contacts/ });

  await alice.page.goto(`/u/${bob.username}`);
  await alice.page.getByRole("button", { name: "Add contact" }).click();
  await expect(bobsContactsTab).toHaveAccessibleName("Contacts 1 new request");

  await alice.page.goto("/contacts");
  await alice.page.getByRole("button", { name: `Cancel request to ${bob.username}` }).click();
  await expect(alice.page.getByText("No requests of yours are waiting.")).toBeVisible();
  await expect(bobsContactsTab).toHaveAccessibleName("Contacts");

  await alice.page.goto(`/u/${bob.username}`);
  await alice.page.getByRole("button", { name: "Add contact" }).click();
  await expect(alice.page.getByRole("button", { name: "Cancel request" })).toBeVisible();
  await bob.page.goto(`/u/${alice.username}`);
  await bob.page.getByRole("button", { name: "Decline" }).click();
  await expect(bob.page.getByRole("button", { name: "Add contact" })).toBeVisible();
  // Alice's page follows without a reload: she may ask again.
  await expect(alice.page.getByRole("button", { name: "Add contact" })).toBeVisible();
});

test("display names: People search finds any part of a name, ignoring case and accents; headers, members and results show the name", async ({ browser }) => {
  test.setTimeout(120_000);
  const alice = await newUser(browser, "alice");
  const bob = await newUser(browser, "bob");
  await alice.page.goto("/settings");
  await alice.page.getByLabel("First name").fill("Álice");
  await alice.page.getByLabel("Last name").fill("Ändersson");
  await alice.page.getByRole("button", { name: "Save profile" }).click();
  await expect(alice.page.getByText("Profile saved.")).toBeVisible();

  for (const q of ["Álice Ändersson", "alice andersson", "DERSS", "ÄNDÉ"]) {
    await bob.page.goto(`/people?${new URLSearchParams({ q })}`);
    // Her own result: a retry (or a repeat) of this test on the same server made another Álice.
    const found = bob.page.getByRole("list", { name: "Search results" }).getByRole("link").filter({ hasText: alice.username });
    await expect(found, q).toHaveCount(1);
    // The name first (after the picture's initials), the username under it.
    await expect(found).toHaveText(new RegExp(`Álice Ändersson${alice.username}$`));
  }

  await befriend(bob.page, bob.username, alice.page, alice.username);
  const chatPath = await openChatWith(bob.page, alice.username);
  const header = bob.page.getByRole("region", { name: "Chat with Álice Ändersson" }).locator("header");
  await expect(header.getByRole("heading", { name: "Álice Ändersson" })).toBeVisible();
  await expect(header).toContainText(alice.username);
  await alice.page.goto(chatPath);
  await send(alice.page, "a quokka selfie");
  // Stored (Bob has it live) before he searches: the send itself does not wait for the server.
  await expect(messageItem(bob.page, "a quokka selfie")).toBeVisible();

  await bob.page.goto("/search?q=quokka");
  await expect(bob.page.getByRole("list", { name: "Search results" }).getByRole("link")).toContainText("Álice Ändersson · Álice Ändersson");

  await bob.page.goto("/groups/new");
  await bob.page.getByLabel("Group name").fill("Names");
  await expect(bob.page.getByLabel(/Álice Ändersson/)).toBeVisible();
  await bob.page.getByLabel(alice.username).check();
  await bob.page.getByRole("button", { name: "Create group" }).click();
  await bob.page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
  await bob.page.getByRole("link", { name: "Group info" }).click();
  const members = bob.page.getByRole("list", { name: "Members" });
  await expect(members.getByRole("listitem").filter({ hasText: "Álice Ändersson" })).toContainText(alice.username);
  await expect(bob.page.getByRole("button", { name: "Remove Álice Ändersson" })).toBeVisible();
});
