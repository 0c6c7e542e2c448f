import { expect, it } from "vitest";
import { createLogger, formatLogLine, REDACTED } from "./log";

function collect() {
  const lines: { line: string; level: string }[] = [];
  const logger = createLogger((line, level) => lines.push({ line, level }));
  return { logger, lines, parsed: () => lines.map(({ line }) => JSON.parse(line)) };
}

it("writes one JSON line with level, message, time and the fields", () => {
  const { logger, lines, parsed } = collect();
  logger.info("request", { requestId: "abc", status: 200 });
  logger.error("failed", { step: 2 });

  expect(lines.every(({ line }) => !line.includes("\n"))).toBe(true);
  expect(lines.map(({ level }) => level)).toEqual(["info", "error"]);
  const [first, second] = parsed();
  expect(first).toEqual({ level: "info", msg: "request", time: expect.any(String), requestId: "abc", status: 200 });
  expect(new Date(first.time).toISOString()).toBe(first.time);
  expect(second).toMatchObject({ level: "error", msg: "failed", step: 2 });
});

it("redacts secrets and what people wrote under any name that holds them, however deep", () => {
  const line = formatLogLine("error", "sign-in failed", {
    username: "ana",
    password: "hunter2-password",
    newPassword: "hunter3-password",
    request: {
      headers: { cookie: "authjs.session-token=eyJ-cookie", authorization: "Bearer eyJ-bearer", "x-request-id": "id-1" },
      body: "the message body",
    },
    message: { id: 7, text: "the message text" },
    search: { q: "what they searched", query: "also searched" },
    auth: "channel-signature",
    realtime: { secret: "pusher-secret", appKey: "public-key", apiKey: "api-key-value" },
    session: { sessionToken: "session-token-value", accessToken: "access-token-value" },
    list: [{ token: "token-in-array" }],
  });

  for (const secret of [
    "hunter2",
    "hunter3",
    "eyJ-cookie",
    "eyJ-bearer",
    "the message body",
    "the message text",
    "what they searched",
    "also searched",
    "channel-signature",
    "pusher-secret",
    "api-key-value",
    "session-token-value",
    "access-token-value",
    "token-in-array",
  ]) {
    expect(line).not.toContain(secret);
  }
  const parsed = JSON.parse(line);
  expect(parsed.password).toBe(REDACTED);
  expect(parsed.request.headers).toEqual({ cookie: REDACTED, authorization: REDACTED, "x-request-id": "id-1" });
  expect(parsed.message).toEqual({ id: 7, text: REDACTED });
  expect(parsed.realtime.appKey).toBe("public-key");
  expect(parsed.username).toBe("ana");
});

it("keeps errors readable, survives cycles and cannot be made to lie about level, message or time", () => {
  const cyclic: Record<string, unknown> = { name: "loop" };
  cyclic.self = cyclic;
  const error = Object.assign(new Error("database is locked", { cause: new Error("SQLITE_BUSY") }), { code: "SQLITE_BUSY" });

  const parsed = JSON.parse(formatLogLine("error", "real", { error, cyclic, big: 12n, level: "info", msg: "fake", time: "then" }, new Date(0)));

  expect(parsed).toMatchObject({ level: "error", msg: "real", time: "1970-01-01T00:00:00.000Z", big: "12" });
  expect(parsed.error).toMatchObject({ name: "Error", message: "database is locked", code: "SQLITE_BUSY", cause: { message: "SQLITE_BUSY" } });
  expect(parsed.error.stack).toContain("database is locked");
  expect(parsed.cyclic).toEqual({ name: "loop", self: "[circular]" });
});
