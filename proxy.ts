import { NextResponse, type NextRequest } from "next/server";

/**
 * Next.js 16's name for middleware. It only sends visitors without a session cookie to sign-in;
 * it decides nothing else. Every page, action and route handler checks the session itself in the
 * data access layer, so skipping this file (CVE-2025-29927) would open nothing.
 */
const PUBLIC_PATHS = ["/sign-in", "/sign-up"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PATHS.includes(pathname)) return NextResponse.next();
  const hasSession = request.cookies
    .getAll()
    .some((c) => c.name.startsWith("authjs.session-token") || c.name.startsWith("__Secure-authjs.session-token"));
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // APIs answer 401 themselves; static files and images need no session.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
