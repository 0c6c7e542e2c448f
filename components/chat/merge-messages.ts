import type { MessageDTO } from "@/lib/dto";

/**
 * Adds messages to a list kept in server-id order, each id once. A later copy of the same id
 * replaces the earlier one (an edit or delete carries the same id).
 */
export function mergeMessages(current: MessageDTO[], incoming: MessageDTO[]): MessageDTO[] {
  if (incoming.length === 0) return current;
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}
