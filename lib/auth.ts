import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { verifyCredentials } from "@/lib/dal/users";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { clientNetwork } from "@/lib/http/client-ip";

declare module "next-auth" {
  interface User {
    sessionVersion?: number;
  }
  interface Session {
    sessionVersion: number;
  }
}

// Lazy configuration: the secret is read when a request needs it, never during `next build`.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().authSecret,
  // Self-hosted behind any proxy, and on Vercel: the host header is the app's own.
  trustHost: true,
  // The session cookie is HttpOnly and SameSite=Lax (Auth.js's defaults; tests/e2e/security.spec.ts
  // holds them). It is Secure, and named __Secure-authjs.session-token, exactly when the browser
  // reached the app over https: directly, through a TLS proxy's X-Forwarded-Proto, or as AUTH_URL
  // says. Production is served over https (Vercel, or the TLS proxy the README asks for), and HSTS
  // keeps browsers there. useSecureCookies is deliberately not forced on in production: a production
  // build tried over plain http (the test stack, a trial on a LAN) could then sign nobody in, since
  // browsers do not store a Secure cookie sent over http.
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
      // The request carries the browser's headers, from the sign-in action and from a direct POST
      // to /api/auth/callback/credentials alike: the limits hold on both ways in.
      authorize: async (credentials, request) => {
        try {
          const found = await verifyCredentials(credentials, clientNetwork(request.headers));
          return found ? { id: found.id, name: found.username, sessionVersion: found.sessionVersion } : null;
        } catch (error) {
          if (error instanceof AppError && error.code === "rate_limited:request") throw new SignInRateLimited(error);
          if (error instanceof AppError && error.code === "forbidden:deactivated") throw new SignInRateLimited(error, "deactivated");
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = user.sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.sessionVersion = typeof token.sv === "number" ? token.sv : 0;
      return session;
    },
  },
}));

/**
 * A sign-in refused by a rate limit (or, with code "deactivated", for a deactivated account). Auth.js hands errors of this kind to the sign-in action as
 * they are (and a direct POST to its endpoint gets `code=rate_limited` in the redirect).
 */
export class SignInRateLimited extends CredentialsSignin {
  code = "rate_limited";
  constructor(cause: AppError, code?: string) {
    super(cause.message);
    // The same way out for a deactivated account: its message is shown as it is.
    if (code) this.code = code;
    // Auth.js appends a link to its documentation to every message; this one is shown to people.
    this.message = cause.message;
  }
}
