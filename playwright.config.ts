import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// Debian's Chromium when there is one (Playwright's own browser download is not always possible).
const executablePath = process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  // Maps `server-only` to an empty module: the specs seed accounts with server code (lib/password.ts).
  tsconfig: "./tsconfig.tools.json",
  // The fault specs start stacks of their own: `npm run test:faults` skips the shared one.
  globalSetup: process.env.E2E_SHARED_STACK === "off" ? undefined : "./tests/e2e/global-setup.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  projects: [
    { name: "e2e", testDir: "tests/e2e" },
    // Specs that kill and restart servers, each on a stack of its own: `npm run test:faults`.
    { name: "faults", testDir: "tests/faults" },
  ],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    // Recording a trace (screenshots and DOM snapshots at every step) costs Chromium several times the
    // CPU of the test itself, on every test; a retry records one for the failure worth reading.
    trace: "on-first-retry",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
    },
  },
});
