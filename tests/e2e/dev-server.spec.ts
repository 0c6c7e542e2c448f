import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type Page } from "@playwright/test";
import { freePort, waitForHttp } from "@/scripts/lib/ports";
import { messageItem, PASSWORD, send, uniqueUsername, test } from "../fixtures";

// `next dev` compiles each route on its first request: on a busy machine that takes tens of seconds,
// so every first visit here waits that long (the production build's specs keep their short waits).
const COMPILE = { timeout: 120_000 };
const slowExpect = expect.configure(COMPILE);

async function signUpSlowly(page: Page, username: string): Promise<void> {
  await page.goto("/sign-up", COMPILE);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await slowExpect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

async function openChatSlowly(page: Page, username: string): Promise<string> {
  await page.goto(`/u/${username}`, COMPILE);
  await page.getByRole("button", { name: "Message" }).click(COMPILE);
  await page.waitForURL(/\/c\/[0-9a-f-]{36}$/, COMPILE);
  return new URL(page.url()).pathname;
}

// The README's first command, as written: `npm run dev` (migrations, Soketi, `next dev`), on free
// ports and a throw-away database. Next.js refuses its development scripts to origins it does not
// allow, and a page without them never hydrates: both addresses people open must work.
test("npm run dev serves a working app at both 127.0.0.1 and localhost", async ({ browser }) => {
  test.setTimeout(480_000);
  const dir = mkdtempSync(join(tmpdir(), "messenger-dev-"));
  const [appPort, soketiPort] = [await freePort(), await freePort()];
  const dev: ChildProcess = spawn("npm", ["run", "dev"], {
    env: {
      ...process.env,
      NODE_ENV: "development",
      DATABASE_URL: `file:${join(dir, "messenger.db")}`,
      PORT: String(appPort),
      PUSHER_PORT: String(soketiPort),
      RATE_LIMIT_MULTIPLIER: "1000",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    // Its own process group: npm, tsx, Soketi and next dev all stop together.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  for (const stream of [dev.stdout!, dev.stderr!]) stream.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  try {
    await waitForHttp(`http://127.0.0.1:${appPort}/api/health`, 120_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${output}`);
    });
    const people = [];
    for (const host of ["127.0.0.1", "localhost"]) {
      const page = await (await browser.newContext({ baseURL: `http://${host}:${appPort}` })).newPage();
      const username = uniqueUsername(host === "localhost" ? "local" : "loop");
      await signUpSlowly(page, username);
      people.push({ page, username });
    }
    const [loop, local] = people as [(typeof people)[0], (typeof people)[0]];
    const chatPath = await openChatSlowly(loop.page, local.username);
    await local.page.goto(chatPath, COMPILE);
    // Sending needs the page hydrated (the button stays disabled without its script) and realtime up.
    await send(loop.page, "from 127.0.0.1");
    await slowExpect(messageItem(local.page, "from 127.0.0.1")).toBeVisible();
    await send(local.page, "from localhost");
    await expect(messageItem(loop.page, "from localhost")).toBeVisible({ timeout: 30_000 });
    expect(output).not.toMatch(/Blocked cross-origin request/);
  } finally {
    const exited = new Promise((done) => dev.once("exit", done));
    process.kill(-dev.pid!, "SIGTERM");
    await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
    if (dev.exitCode === null) process.kill(-dev.pid!, "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
