import { test } from "@playwright/test";
import { startStack, type Stack, type StackOptions } from "./stack";

/**
 * A stack for this spec file alone, for specs that kill and restart servers or need settings of
 * their own: started before the file's first test, stopped after its last. Call it at the top of
 * the file; the getter it returns is valid inside tests.
 */
export function ownStackForThisFile(options: StackOptions = {}): () => Stack {
  let stack: Stack | undefined;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    stack = await startStack(options);
  });
  test.afterAll(async () => {
    await stack?.stop();
  });
  return () => {
    if (!stack) throw new Error("the stack is not running: ownStackForThisFile() must be called at the top of the spec file");
    return stack;
  };
}
