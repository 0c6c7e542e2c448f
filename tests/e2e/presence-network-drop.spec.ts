import { expect } from "@playwright/test";
import { befriend, newUser, test } from "../fixtures";
import { startNetworkCut } from "../support/network-cut";
import { startStack, type Stack } from "../support/stack";

// Browsers reach the realtime server through a relay that can lose the network without closing
// anything (support/network-cut.ts), so this file has a stack of its own that hands browsers the
// relay's port.
let stack: Stack;
let network: Awaited<ReturnType<typeof startNetworkCut>>;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  network = await startNetworkCut(() => stack.soketiPort);
  stack = await startStack({ env: { PUSHER_CLIENT_PORT: String(network.port) } });
});
test.afterAll(async () => {
  await network?.stop();
  await stack?.stop();
});

test("someone whose network drops shows as last seen to their contact within 40 s, and online again once it is back", async ({ browser }) => {
  test.setTimeout(150_000);
  const ana = await newUser(browser, "ana", { baseURL: stack.baseURL });
  const ben = await newUser(browser, "ben", { baseURL: stack.baseURL });
  await befriend(ana.page, ana.username, ben.page, ben.username);
  await ana.page.goto(`/u/${ben.username}`);
  await ana.page.getByRole("button", { name: "Message" }).click();
  await ana.page.waitForURL(/\/c\//);
  await expect(ana.page.getByText("online", { exact: true })).toBeVisible({ timeout: 20_000 });
  const benPage = ben.page;
  // Ben's connections are those whose handshake carries his session cookie.
  const session = (await benPage.context().cookies()).find((c) => c.name.includes("session-token"));
  expect(session).toBeDefined();

  // Ben's network goes: nothing of his reaches any server (HTTP included, so no heartbeat) and no
  // close reaches the realtime server either, as when a laptop leaves the Wi-Fi.
  await benPage.context().setOffline(true);
  network.cut(`${session!.name}=${session!.value}`);
  const dropped = Date.now();
  await expect(ana.page.getByText(/^last seen /)).toBeVisible({ timeout: 40_000 });
  console.log(`ben shown offline ${((Date.now() - dropped) / 1000).toFixed(1)} s after his network dropped`);

  // Back on the network, back online by himself.
  network.restore();
  await benPage.context().setOffline(false);
  await expect(ana.page.getByText("online", { exact: true })).toBeVisible({ timeout: 30_000 });
});
