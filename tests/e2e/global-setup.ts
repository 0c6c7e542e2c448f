import { startStack } from "../support/stack";

/** One app, Soketi and database for the whole run; workers read the URL from the environment. */
export default async function globalSetup() {
  const stack = await startStack({ log: Boolean(process.env.E2E_LOG) });
  process.env.E2E_BASE_URL = stack.baseURL;
  process.env.E2E_SERVER_LOG = stack.serverLog;
  // For specs that seed many rows straight into the database (a long chat list).
  process.env.E2E_DATABASE_URL = stack.databaseUrl;
  return async () => {
    await stack.stop();
  };
}
