/**
 * Next.js calls register() once as each server process starts and waits for it before answering any
 * request: in `next dev`, `npm start`, the standalone server and the Docker image alike.
 */
export async function register() {
  // Proxy.ts runs in the Edge runtime, which has no database driver and nothing to prepare.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerOrExit } = await import("./lib/server-start");
  await startServerOrExit();
}
