/**
 * Next.js calls register() once as each server process starts and waits for it before answering any
 * request: in `next dev`, `npm start`, the standalone server and the Docker image alike.
 */
export async function register() {
  // Only the Node.js server has requests to log and a database to prepare.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { exitWhenOutputCloses } = await import("./lib/output-closed");
  exitWhenOutputCloses();
  const { logRequests } = await import("./lib/request-log");
  logRequests();
  const { prepareIncomingRequests } = await import("./lib/http/incoming-request");
  prepareIncomingRequests();
  const { startServerOrExit } = await import("./lib/server-start");
  await startServerOrExit();
}
