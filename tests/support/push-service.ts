import { createDecipheriv, createECDH, hkdfSync, randomBytes, type ECDH } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * A push service of the tests' own and a browser's side of Web Push: a subscription made as a
 * browser makes one (a P-256 key pair and an auth secret), and a push decrypted as a browser does.
 * Used by the server-side push tests and by end-to-end specs that check who is notified.
 */

export type Received = { path: string; headers: IncomingMessage["headers"]; body: Buffer };

/** A push service on a free local port: records every request and answers as told per path. */
export class LocalPushService {
  readonly received: Received[] = [];
  readonly answers = new Map<string, number>();
  private server!: Server;
  origin = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        this.received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
        res.statusCode = this.answers.get(req.url ?? "") ?? 201;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  to(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }
}

/** What a browser keeps for one subscription: its ECDH key pair and auth secret. */
export type BrowserSubscription = { endpoint: string; ecdh: ECDH; auth: Buffer };

export function browserSubscription(endpoint: string): BrowserSubscription {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { endpoint, ecdh, auth: randomBytes(16) };
}

export const asJson = (s: BrowserSubscription) => ({
  endpoint: s.endpoint,
  expirationTime: null,
  keys: { p256dh: s.ecdh.getPublicKey().toString("base64url"), auth: s.auth.toString("base64url") },
});

/** RFC 8291 (Message Encryption for Web Push) over RFC 8188 (aes128gcm), as a browser decrypts a push. */
export function decryptPush(s: BrowserSubscription, body: Buffer): string {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const senderPublicKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  if (idLength !== 65 || ciphertext.length > recordSize) throw new Error("not one aes128gcm record with a P-256 key id");

  const ecdhSecret = s.ecdh.computeSecret(senderPublicKey);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), s.ecdh.getPublicKey(), senderPublicKey]);
  const ikm = Buffer.from(hkdfSync("sha256", ecdhSecret, s.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));

  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // One record, the last: the content, then the delimiter 2, then any zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("the last record's delimiter is missing");
  return padded.subarray(0, end).toString("utf8");
}
