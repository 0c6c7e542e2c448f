import "server-only";
import { createECDH, createHash } from "node:crypto";
import { env } from "@/lib/env";

export type VapidKeys = { publicKey: string; privateKey: string; subject: string };

let derived: VapidKeys | undefined;

/**
 * The VAPID keys push messages are signed with, or null with push turned off. A production server
 * with push on has its own (lib/env.ts refuses to start without them). Development and the tests
 * derive a pair from AUTH_SECRET: the same on every restart, so browsers' subscriptions, which are
 * bound to the public key, keep working; never used in production, where they would be guessable.
 */
export function vapidKeys(): VapidKeys | null {
  const { push, authSecret } = env();
  if (!push.enabled) return null;
  if (push.publicKey && push.privateKey) return { publicKey: push.publicKey, privateKey: push.privateKey, subject: push.subject };
  if (!derived) {
    const ecdh = createECDH("prime256v1");
    // A SHA-256 digest is a valid P-256 private key but with a chance of about 2^-32.
    ecdh.setPrivateKey(createHash("sha256").update(`messenger web push vapid:${authSecret}`).digest());
    derived = {
      publicKey: ecdh.getPublicKey().toString("base64url"),
      privateKey: ecdh.getPrivateKey().toString("base64url"),
      subject: push.subject,
    };
  }
  return derived;
}
