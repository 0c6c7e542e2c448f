import { expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, realtimeSocketOrigin } from "./content-security-policy";

const soketi = { key: "k", host: "127.0.0.1", port: 6001, useTLS: false };
const directives = (policy: string) => Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

it("connects only to the realtime server pusher-js will open, in the scheme it will use", () => {
  expect(realtimeSocketOrigin(soketi, false)).toBe("ws://127.0.0.1:6001");
  // pusher-js switches to TLS on an https page whatever forceTLS says.
  expect(realtimeSocketOrigin(soketi, true)).toBe("wss://127.0.0.1:6001");
  expect(realtimeSocketOrigin({ key: "k", host: "ws.example.com", port: 443, useTLS: true }, false)).toBe("wss://ws.example.com:443");
  expect(realtimeSocketOrigin({ key: "k", cluster: "eu", useTLS: true }, true)).toBe("wss://ws-eu.pusher.com");
});

it("allows scripts only by this response's nonce, eval only in development", () => {
  const production = directives(contentSecurityPolicy({ nonce: "n0nce", realtime: soketi, pageIsHttps: false, development: false }));
  expect(production["script-src"]).toEqual(["'self'", "'nonce-n0nce'", "'strict-dynamic'"]);
  expect(production["style-src"]).toEqual(["'self'", "'nonce-n0nce'"]);
  expect(production["connect-src"]).toEqual(["'self'", "ws://127.0.0.1:6001"]);
  expect(production["frame-ancestors"]).toEqual(["'none'"]);
  expect(production["object-src"]).toEqual(["'none'"]);
  expect(production["worker-src"]).toEqual(["'self'"]);
  expect(production["manifest-src"]).toEqual(["'self'"]);
  expect(JSON.stringify(production)).not.toMatch(/unsafe-eval|\*/);

  const development = directives(contentSecurityPolicy({ nonce: "n0nce", realtime: soketi, pageIsHttps: false, development: true }));
  expect(development["script-src"]).toContain("'unsafe-eval'");
});

it("makes a new, unguessable nonce every time", () => {
  const nonces = new Set(Array.from({ length: 100 }, createNonce));
  expect(nonces.size).toBe(100);
  for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
});
