import { openDatabase, type Database } from "@/db/client";
import { closeConnections } from "./http";
import { startStack, type Stack, type StackOptions } from "./stack";

/**
 * The benchmark's and the load test's frame: a throw-away stack and a connection to its database for
 * `body`, everything stopped afterwards, and on Ctrl-C or SIGTERM too, so that no server outlives the run.
 */
export async function withStack<T>(options: StackOptions, body: (stack: Stack, db: Database) => Promise<T>): Promise<T> {
  const stack = await startStack(options);
  const stopOnSignal = () => void stack.stop().finally(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  let db: Database | undefined;
  try {
    db = await openDatabase(stack.databaseUrl);
    return await body(stack, db);
  } finally {
    db?.$client.close();
    closeConnections();
    await stack.stop();
    process.off("SIGINT", stopOnSignal);
    process.off("SIGTERM", stopOnSignal);
  }
}
