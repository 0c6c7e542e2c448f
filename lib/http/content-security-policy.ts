import type { FilesConfig, RealtimeClientConfig } from "@/lib/env";

/**
 * The WebSocket origin pusher-js opens for these settings. pusher-js always uses TLS on an https
 * page, whatever forceTLS says, so the page's own scheme counts too. Pusher Channels serves a
 * cluster at ws-<cluster>.pusher.com on the default ports.
 */
export function realtimeSocketOrigin(config: RealtimeClientConfig, pageIsHttps: boolean): string {
  const scheme = config.useTLS || pageIsHttps ? "wss" : "ws";
  if (!config.host) return `${scheme}://ws-${config.cluster}.pusher.com`;
  return `${scheme}://${config.host}:${config.port}`;
}

/** 128 random bits, fresh for every page: an attacker who injects markup cannot guess it. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** Where the browser talks to the file store (uploads, downloads), when that is not the app itself. */
export function fileStoreOrigin(config: FilesConfig["storage"]): string | null {
  if (config.driver === "local") return null;
  if (config.endpoint) {
    const url = new URL(config.endpoint);
    return config.forcePathStyle ? url.origin : `${url.protocol}//${config.bucket}.${url.host}`;
  }
  return `https://${config.bucket}.s3.${config.region}.amazonaws.com`;
}

export type PolicyOptions = {
  nonce: string;
  realtime: RealtimeClientConfig;
  /** The S3 bucket's origin: images load from it and uploads go to it. */
  fileOrigin?: string | null;
  pageIsHttps: boolean;
  development: boolean;
};

/**
 * The Content-Security-Policy of every page. Scripts run only with this response's nonce (Next.js
 * puts it on its own scripts) or when loaded by such a script ('strict-dynamic': the chunks Next.js
 * and the lazy pusher-js import add at run time), so injected markup cannot run script. Connections
 * go only to the app itself and the one realtime WebSocket.
 */
export function contentSecurityPolicy({ nonce, realtime, fileOrigin, pageIsHttps, development }: PolicyOptions): string {
  const files = fileOrigin ? ` ${fileOrigin}` : "";
  const directives = [
    "default-src 'self'",
    // React's development tooling rebuilds server stacks with eval(); production never evaluates strings.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // Style elements need the nonce. Style attributes cannot carry one, and components size and
    // colour avatars with them (style={{ width }}), so attributes stay allowed: they cannot run
    // script, the worst they do is restyle the page. The development overlay injects unnonced styles.
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    // Avatars come from the app's own /api/avatars; previews of a chosen file are blob: URLs.
    `img-src 'self' data: blob:${files}`,
    "font-src 'self'",
    `connect-src 'self' ${realtimeSocketOrigin(realtime, pageIsHttps)}${files}`,
    // The service worker (public/sw.js) and the manifest come from the app itself; no page may start
    // a worker from a blob: or another origin.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return directives.join("; ");
}
