/** What scenario 5 times, shared by the scenario and its DAL child process (bench/history-dal.ts). */
export type DalJob = {
  databaseUrl: string;
  actor: { id: string; username: string };
  hot: string;
  deepCursor: number;
  listDeepCursor: string;
  catchUpFrom: number;
  catchUpPage: number;
  rareWord: string;
  commonWord: string;
  runs: number;
  warmup: number;
  block: number;
};

export const DAL_CASES = ["newest", "deep", "listFirst", "listDeep", "unreadTotal", "searchRare", "searchCommon", "catchUp"] as const;
export type DalCase = (typeof DAL_CASES)[number];

/** A catch-up as the chat view makes it after a reconnect: pages after the last message it had, until none is newer. */
export async function catchUp<T extends { messages: { id: number }[]; hasNewer: boolean }>(from: number, page: (after: number) => Promise<T>): Promise<number> {
  let after = from;
  let caught = 0;
  for (;;) {
    const { messages, hasNewer } = await page(after);
    caught += messages.length;
    after = messages.at(-1)?.id ?? after;
    if (!hasNewer) return caught;
  }
}
