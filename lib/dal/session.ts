import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/lib/auth";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readSessionClaims, type SessionClaims } from "@/lib/session-token";
import { resolveSession, type Actor } from "./users";

/**
 * The signed-in user, checked against the database on every request: a session whose user was
 * deleted, or whose session version was bumped (sign out everywhere, password change), counts as
 * signed out.
 */
export const getSessionUser = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return resolveSession(id, session.sessionVersion);
});

/** For actions and route handlers: a 401 AppError when signed out. */
export async function requireUser(): Promise<Actor> {
  const actor = await getSessionUser();
  if (!actor) throw new AppError("unauthorized:session");
  return actor;
}

/** For pages: a redirect to sign-in when signed out. */
export async function requirePageUser(): Promise<Actor> {
  const actor = await getSessionUser();
  if (!actor) redirect("/sign-in");
  return actor;
}

/**
 * For hot route handlers: the session cookie's claims, read with a key derived once per process and
 * without re-issuing the cookie; a 401 AppError when there is none. The claims are not yet checked
 * against the database: pass them to a DAL function that does (sendMessage folds the check into its
 * one read), or use requireRequestUser.
 */
export async function requireSessionClaims(request: Request): Promise<SessionClaims> {
  const claims = await readSessionClaims(request.headers, env().authSecret);
  if (!claims) throw new AppError("unauthorized:session");
  return claims;
}

/** For route handlers: the signed-in user from the request's cookie, checked against the database. */
export async function requireRequestUser(request: Request): Promise<Actor> {
  const { userId, sessionVersion } = await requireSessionClaims(request);
  const actor = await resolveSession(userId, sessionVersion);
  if (!actor) throw new AppError("unauthorized:session");
  return actor;
}
