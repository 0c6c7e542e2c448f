import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/lib/auth";
import { AppError } from "@/lib/errors";
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
