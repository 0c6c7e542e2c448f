import { expect, type Browser, type Page } from "@playwright/test";
import { messageItems, openChatWith, signUp, uniqueUsername } from "../fixtures";
import { conversationIdOf } from "../support/stored-messages";

export type TwoPeople = { alice: Page; bob: Page; bobName: string; chatPath: string; conversationId: string };

/**
 * Alice and Bob, each in a browser context of their own on `baseURL` (a fault spec's own stack),
 * both with their direct chat open. `beforeAlice` runs on Alice's page before anything loads in it.
 */
export async function twoPeopleInAChat(browser: Browser, baseURL: string, beforeAlice?: (alice: Page) => Promise<void>): Promise<TwoPeople> {
  const alice = await (await browser.newContext({ baseURL })).newPage();
  await beforeAlice?.(alice);
  const bob = await (await browser.newContext({ baseURL })).newPage();
  const bobName = uniqueUsername("bob");
  await signUp(alice, uniqueUsername("alice"));
  await signUp(bob, bobName);
  const chatPath = await openChatWith(alice, bobName);
  await bob.goto(chatPath);
  return { alice, bob, bobName, chatPath, conversationId: conversationIdOf(chatPath) };
}

/** Waits until the page's chat log shows exactly these messages, each once, in this order. */
export async function expectMessages(page: Page, expected: string[], timeout?: number): Promise<void> {
  await expect(async () => {
    // Each item's lines: a day heading or "New messages" may come before the text, the time after.
    const items = (await messageItems(page).allInnerTexts()).map((t) => t.split("\n").map((line) => line.trim()));
    expect(items).toHaveLength(expected.length);
    expected.forEach((text, i) => expect(items[i]).toContain(text));
  }).toPass({ timeout });
}
