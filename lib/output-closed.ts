/**
 * Ends the process when whoever reads its output has gone (a closed pipe: EPIPE on stdout or stderr).
 *
 * Without this, Next.js's uncaughtException handler logs the write error to stderr, whose failure is
 * one more uncaught error: the server spins at a quarter of a core forever, writing nothing and
 * answering SIGTERM late or never (seen with test servers whose runner was killed). A server whose
 * supervisor or log reader is gone has no one left to serve; exiting lets a supervisor, if any,
 * start it again with a working pipe.
 */
export function exitWhenOutputCloses(exit: (code: number) => void = (code) => process.exit(code)): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") exit(1);
      // Anything else on our own output cannot be logged either; it must not become uncaught.
    });
  }
}
