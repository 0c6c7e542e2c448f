import { getDb } from "@/db";
import { contact } from "@/db/schema";

/**
 * Makes `person` a contact of each of `others`, straight in the test database: groups take only
 * contacts, and tests about groups need not go through requests (lib/dal/contacts.test.ts does).
 */
export async function makeContacts(person: { id: string }, others: { id: string }[]): Promise<void> {
  if (others.length === 0) return;
  const db = await getDb();
  const now = new Date();
  for (let i = 0; i < others.length; i += 200) {
    await db
      .insert(contact)
      .values(others.slice(i, i + 200).map((o) => ({ requesterId: person.id, addresseeId: o.id, status: "accepted" as const, acceptedAt: now })))
      .onConflictDoNothing();
  }
}
