import { createUser, type Actor } from "@/lib/dal/users";

/**
 * People signed up through the DAL, one after another in the order named (the first account on a
 * fresh database is its admin), each with the password `password-<name>`.
 */
export async function createActors<N extends string>(...names: N[]): Promise<Record<N, Actor>> {
  const actors = {} as Record<N, Actor>;
  for (const name of names) actors[name] = await createUser({ username: name, password: `password-${name}` });
  return actors;
}
