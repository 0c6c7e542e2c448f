/**
 * The server's one logger: a JSON object per line ({"level","msg","time",…fields}), which log
 * collectors (Docker, journald, Vercel) keep as one record. Values under names that hold secrets or
 * message text are replaced before anything is written, however deep they sit, so a careless
 * `log.error("…", { request })` cannot leak a password, token, cookie or message body.
 */
export type LogLevel = "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;
export type Logger = Record<LogLevel, (msg: string, fields?: LogFields) => void>;

export const REDACTED = "[redacted]";

// Names, not values: a secret under an unexpected name is the caller's bug, caught in review.
// body, text and query are what people write (message bodies, search queries).
const SECRET_NAME = /passw|passphrase|secret|token|cookie|authorization|api[-_]?key|credential|signature|^auth$|^(body|text|query|q)$/i;
const RESERVED = ["level", "msg", "time"];
const MAX_DEPTH = 6;

function sanitize(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value instanceof Error) {
    const error: LogFields = { name: value.name, message: value.message, stack: value.stack };
    if ("code" in value) error.code = value.code;
    if (value.cause !== undefined) error.cause = sanitize(value.cause, depth + 1, seen);
    return error;
  }
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[too deep]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => sanitize(item, depth + 1, seen));
  const out: LogFields = {};
  for (const [name, inner] of Object.entries(value)) {
    out[name] = SECRET_NAME.test(name) ? REDACTED : sanitize(inner, depth + 1, seen);
  }
  return out;
}

/** One log line, without its newline. The fields cannot override level, msg or time. */
export function formatLogLine(level: LogLevel, msg: string, fields: LogFields = {}, time = new Date()): string {
  const safe = sanitize(fields, 0, new WeakSet()) as LogFields;
  for (const name of RESERVED) delete safe[name];
  return JSON.stringify({ level, msg, time: time.toISOString(), ...safe });
}

// On globalThis because Next.js bundles instrumentation.ts (which installs it) apart from the pages
// and route handlers that log, each with its own copy of this module.
const CONTEXT = Symbol.for("messenger.log.context");
type ContextSource = () => LogFields | undefined;

/**
 * Fields every line gets from where it is written: lib/request-log.ts adds the id of the request
 * being served, so an error logged while serving it names the same request as its request line.
 */
export function setLogContext(source: ContextSource): void {
  (globalThis as { [CONTEXT]?: ContextSource })[CONTEXT] = source;
}

function contextFields(): LogFields | undefined {
  return (globalThis as { [CONTEXT]?: ContextSource })[CONTEXT]?.();
}

/** A logger writing to `write`; tests pass one that collects the lines. */
export function createLogger(write: (line: string, level: LogLevel) => void): Logger {
  const at = (level: LogLevel) => (msg: string, fields?: LogFields) => write(formatLogLine(level, msg, { ...contextFields(), ...fields }), level);
  return { info: at("info"), warn: at("warn"), error: at("error") };
}

/**
 * Standard output for information, standard error for warnings and errors. Pure: a client module
 * that reaches this file through lib/errors.ts without logging leaves it out.
 */
export const log: Logger = /* @__PURE__ */ createLogger((line, level) => {
  (level === "info" ? process.stdout : process.stderr).write(`${line}\n`);
});
