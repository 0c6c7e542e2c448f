import type { Database } from "@/db/client";
import { conversationChannel } from "@/lib/realtime/channels";
import { type SeededUser, seedDirectConversations, seedGroup, seedUsers } from "@/tests/support/seed";

export type LoadConversation = { id: string; kind: "direct" | "group"; channel: string; memberIds: string[] };

export type Population = {
  users: SeededUser[];
  conversations: LoadConversation[];
  /** Each user's conversations, by user id. */
  conversationsOf: Map<string, LoadConversation[]>;
  /**
   * The one conversation each user has open, by user id: a browser subscribes to that chat's channel
   * and its own; the others it sees in its list only, through `conversation.activity`.
   */
  openOf: Map<string, LoadConversation>;
};

const GROUP_SIZES = [5, 6, 7, 8, 9, 10];

/** mulberry32: a small seeded generator, so that a run's pairing, grouping and pacing can be repeated. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Who talks to whom: everyone has one direct chat with a random partner (with an odd count, the
 * last one also talks to the first), and a share of them is also in one group of 5–10 people.
 * Sizes go round 5, 6, …, 10; members left over join the groups that have room.
 */
export function arrange(count: number, groupShare: number, random: () => number): { pairs: [number, number][]; groups: number[][] } {
  const order = shuffled(
    Array.from({ length: count }, (_, i) => i),
    random,
  );
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < order.length; i += 2) pairs.push([order[i]!, order[i + 1]!]);
  if (order.length % 2 === 1) pairs.push([order.at(-1)!, order[0]!]);

  const members = shuffled(order, random).slice(0, Math.round(count * groupShare));
  const groups: number[][] = [];
  let next = 0;
  for (let k = 0; next + GROUP_SIZES[k % GROUP_SIZES.length]! <= members.length; k++) {
    const size = GROUP_SIZES[k % GROUP_SIZES.length]!;
    groups.push(members.slice(next, next + size));
    next += size;
  }
  for (const member of members.slice(next)) {
    const roomy = groups.find((g) => g.length < GROUP_SIZES.at(-1)!);
    if (roomy) roomy.push(member);
    else groups.push([member]);
  }
  return { pairs, groups: groups.filter((g) => g.length >= GROUP_SIZES[0]!) };
}

/**
 * Users inserted in bulk with minted session cookies (as the benchmark does: an argon2 sign-up
 * each would measure argon2), their direct chats and their groups, and which of them each has open.
 */
export async function seedPopulation(db: Database, options: { users: number; groupShare: number }, random: () => number, secret: string): Promise<Population> {
  const users = await seedUsers(db, "load", options.users, secret);
  const { pairs, groups } = arrange(users.length, options.groupShare, random);
  const directIds = await seedDirectConversations(
    db,
    pairs.map(([a, b]) => [users[a]!, users[b]!]),
  );
  const conversations: LoadConversation[] = pairs.map(([a, b], i) => ({
    id: directIds[i]!,
    kind: "direct",
    channel: conversationChannel(directIds[i]!),
    memberIds: [users[a]!.id, users[b]!.id],
  }));
  for (const [k, group] of groups.entries()) {
    const members = group.map((i) => users[i]!);
    const id = await seedGroup(db, `Load group ${k + 1}`, members);
    conversations.push({ id, kind: "group", channel: conversationChannel(id), memberIds: members.map((m) => m.id) });
  }
  const conversationsOf = new Map(users.map((u): [string, LoadConversation[]] => [u.id, []]));
  for (const c of conversations) for (const id of c.memberIds) conversationsOf.get(id)!.push(c);
  const openOf = new Map(
    users.map((u) => {
      const mine = conversationsOf.get(u.id)!;
      return [u.id, mine[Math.floor(random() * mine.length)]!] as const;
    }),
  );
  return { users, conversations, conversationsOf, openOf };
}
