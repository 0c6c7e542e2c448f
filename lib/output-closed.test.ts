import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { expect, it } from "vitest";

// A server that logs as Next.js does (an uncaughtException handler writing to stderr) and keeps
// writing: once its reader has gone it must end, not spin on its own write errors.
const server = (guarded: boolean) => `
  ${guarded ? `const { exitWhenOutputCloses } = await import(${JSON.stringify(resolve("lib/output-closed.ts"))}); exitWhenOutputCloses();` : ""}
  process.on("uncaughtException", (error) => console.error("uncaughtException:", error));
  setInterval(() => console.log("still serving"), 5);
`;

function runUntilReaderCloses(guarded: boolean): Promise<{ exited: boolean; code: number | null }> {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", server(guarded)], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((done) => {
    child.stdout.once("data", () => {
      child.stdout.destroy();
      child.stderr.destroy();
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        done({ exited: false, code: null });
      }, 3_000);
      child.once("exit", (code) => {
        clearTimeout(timer);
        done({ exited: true, code });
      });
    });
  });
}

it("ends the process when its output pipe closes, instead of looping on the write errors", async () => {
  expect(await runUntilReaderCloses(true)).toEqual({ exited: true, code: 1 });
});

it("without it, the same process goes on running with no one reading", async () => {
  expect(await runUntilReaderCloses(false)).toEqual({ exited: false, code: null });
});
