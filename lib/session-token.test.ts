import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { readSessionClaims } from "./session-token";

const SECRET = "a-test-secret-of-at-least-thirty-two-characters";
const NAME = "authjs.session-token";

async function cookie(token: Record<string, unknown>, options: { name?: string; secret?: string; maxAge?: number } = {}) {
  const name = options.name ?? NAME;
  const value = await encode({ token, secret: options.secret ?? SECRET, salt: name, maxAge: options.maxAge });
  return new Headers({ cookie: `theme=dark; ${name}=${value}; other=1` });
}

describe("readSessionClaims", () => {
  it("reads what Auth.js's own encode wrote, under either cookie name", async () => {
    expect(await readSessionClaims(await cookie({ sub: "u1", sv: 3 }), SECRET)).toEqual({ userId: "u1", sessionVersion: 3 });
    const secure = await cookie({ sub: "u2", sv: 0 }, { name: "__Secure-authjs.session-token" });
    expect(await readSessionClaims(secure, SECRET)).toEqual({ userId: "u2", sessionVersion: 0 });
  });

  it("joins a cookie that Auth.js split into chunks", async () => {
    const value = await encode({ token: { sub: "u3", sv: 1 }, secret: SECRET, salt: NAME });
    const half = Math.floor(value.length / 2);
    const headers = new Headers({ cookie: `${NAME}.0=${value.slice(0, half)}; ${NAME}.1=${value.slice(half)}` });
    expect(await readSessionClaims(headers, SECRET)).toEqual({ userId: "u3", sessionVersion: 1 });
  });

  it("refuses no cookie, another secret, a tampered token, an expired one and one without a subject", async () => {
    expect(await readSessionClaims(new Headers(), SECRET)).toBeNull();
    expect(await readSessionClaims(await cookie({ sub: "u1" }, { secret: "another-secret-of-at-least-thirty-two-chars" }), SECRET)).toBeNull();
    const good = (await cookie({ sub: "u1", sv: 0 })).get("cookie")!;
    const tampered = good.replace(/(authjs\.session-token=[^.]+\.\.[^.]+\.)(.)/, (_, head: string, c: string) => head + (c === "A" ? "B" : "A"));
    expect(tampered).not.toBe(good);
    expect(await readSessionClaims(new Headers({ cookie: tampered }), SECRET)).toBeNull();
    expect(await readSessionClaims(await cookie({ sub: "u1" }, { maxAge: -60 }), SECRET)).toBeNull();
    expect(await readSessionClaims(await cookie({ name: "x" }), SECRET)).toBeNull();
    // A cookie made for one name does not decrypt under the other: the name is the key's salt.
    const value = await encode({ token: { sub: "u1" }, secret: SECRET, salt: NAME });
    expect(await readSessionClaims(new Headers({ cookie: `__Secure-authjs.session-token=${value}` }), SECRET)).toBeNull();
  });
});

describe("readSessionClaims, read again", () => {
  it("answers a token it has read before from memory, and never for another secret", async () => {
    const headers = await cookie({ sub: "u9", sv: 2 });
    expect(await readSessionClaims(headers, SECRET)).toEqual({ userId: "u9", sessionVersion: 2 });
    expect(await readSessionClaims(headers, SECRET)).toEqual({ userId: "u9", sessionVersion: 2 });
    expect(await readSessionClaims(headers, "another-secret-of-at-least-thirty-two-chars")).toBeNull();
  });
});
