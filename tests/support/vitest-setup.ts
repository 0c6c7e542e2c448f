import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { createTestDatabase, TEST_REALTIME } from "./stack";

// Each test file gets its own real libSQL file database and talks to the run's real Soketi.
const dir = mkdtempSync(join(tmpdir(), "messenger-test-"));
process.env.DATABASE_URL = await createTestDatabase(dir);
process.env.PUSHER_APP_ID = TEST_REALTIME.appId;
process.env.PUSHER_KEY = TEST_REALTIME.key;
process.env.PUSHER_SECRET = TEST_REALTIME.secret;
process.env.PUSHER_HOST = "127.0.0.1";
process.env.PUSHER_PORT = String(inject("soketiPort"));
// As on the test app servers (testAppEnv): the limits' own tests pass the real ones explicitly.
process.env.RATE_LIMIT_MULTIPLIER = "1000";
