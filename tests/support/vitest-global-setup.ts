import type { TestProject } from "vitest/node";
import { freePort } from "@/scripts/lib/ports";
import { startSoketi } from "@/scripts/lib/soketi";
import { TEST_REALTIME } from "./stack";

declare module "vitest" {
  export interface ProvidedContext {
    soketiPort: number;
  }
}

/** One real Soketi for the whole vitest run, on a free port. */
export default async function setup(project: TestProject) {
  const port = await freePort();
  const soketi = await startSoketi({ port, ...TEST_REALTIME });
  project.provide("soketiPort", port);
  return () => soketi.stop();
}
