import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { verifyCredentials } from "@/lib/dal/users";
import { env } from "@/lib/env";

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
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
      authorize: async (credentials) => {
        const found = await verifyCredentials(credentials);
        return found ? { id: found.id, name: found.username, sessionVersion: found.sessionVersion } : null;
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
