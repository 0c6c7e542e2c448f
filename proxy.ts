import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { contentSecurityPolicy, createNonce, fileStoreOrigin } from "@/lib/http/content-security-policy";

/**
 * Next.js 16's name for middleware. It sends visitors without a session cookie to sign-in and gives
 * every page its Content-Security-Policy; it decides nothing else. Every page, action and route
 * handler checks the session itself in the data access layer, so skipping this file
 * (CVE-2025-29927) would open nothing.
 */
// /offline is what the service worker shows offline for a page it has not kept: it names no one.
const PUBLIC_PATHS = ["/sign-in", "/sign-up", "/offline"];

export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const policy = contentSecurityPolicy({
    nonce,
    realtime: env().realtimeClient,
    fileOrigin: fileStoreOrigin(env().files.storage),
    pageIsHttps: isHttps(request),
    development: process.env.NODE_ENV === "development",
  });
  const response = route(request, policy);
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

/** Behind a TLS proxy the request arrives over http; the proxy's X-Forwarded-Proto says what the browser used. */
function isHttps(request: NextRequest): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return forwarded ? forwarded === "https" : request.nextUrl.protocol === "https:";
}

function route(request: NextRequest, policy: string): NextResponse {
  const { pathname, search } = request.nextUrl;
  const hasSession = request.cookies.getAll().some((c) => c.name.startsWith("authjs.session-token") || c.name.startsWith("__Secure-authjs.session-token"));
  if (PUBLIC_PATHS.includes(pathname) || hasSession) {
    // Next.js reads the nonce from the request's policy and puts it on every script it renders.
    const headers = new Headers(request.headers);
    headers.set("Content-Security-Policy", policy);
    return NextResponse.next({ request: { headers } });
  }
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // APIs answer 401 themselves and get a static policy from next.config.mjs; static files, images,
  // the manifest and the service worker (next.config.mjs gives it its own policy) need neither a
  // session nor a nonce, and a browser fetches the manifest and the worker without cookies.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|icons/|manifest.webmanifest|sw.js).*)"],
};
