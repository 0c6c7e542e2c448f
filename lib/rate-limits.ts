/**
 * Every rate limit in one place. Each counts in fixed windows (see lib/dal/rate-limit.ts) and is
 * scaled by RATE_LIMIT_MULTIPLIER. A fixed window lets twice the limit through across a boundary
 * at worst, so each limit is set where twice as many would still be harmless.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export type RateLimitRule = {
  /** Requests allowed per window, before the multiplier. */
  limit: number;
  windowMs: number;
  /** What the person is told, before " Try again in …". */
  message: string;
  /**
   * Past the limit, serve requests late instead of refusing them: this much later for each request
   * over the limit, up to a most. For a limit that someone else can use up (see signInAccount).
   */
  slowDown?: { perRequestOverMs: number; maxMs: number };
};

export const RATE_LIMITS = {
  // Sign-in counts failed attempts only (a success gives its attempt back), in three buckets.
  // One account from one address: a person who mistypes five times waits a few minutes; one
  // attacking address gets at most 20 guesses an hour at an account, and cannot lock its owner out
  // from anywhere else.
  signInAccountAddress: { limit: 5, windowMs: 15 * MINUTE, message: "Too many sign-in attempts." },
  // One account from everywhere: a guessing attack spread over many addresses. Refusing here would
  // let anyone with a few addresses lock the owner out, so past the limit every attempt at the
  // account waits instead (half a second more per failure, ten seconds at most): the owner, from an
  // address that has not failed, still gets in, and each guess costs the attacker its wait.
  signInAccount: {
    limit: 50,
    windowMs: HOUR,
    message: "Too many sign-in attempts.",
    slowDown: { perRequestOverMs: 500, maxMs: 10 * SECOND },
  },
  // One address at every account (trying one common password on many names). Generous, since a
  // school or an office signs in through one address.
  signInAddress: { limit: 30, windowMs: 15 * MINUTE, message: "Too many sign-in attempts." },
  // Every valid sign-up costs a password hash; a family or a class shares an address.
  signUpAddress: { limit: 10, windowMs: HOUR, message: "Too many new accounts from this network." },
  // Three messages a second for ten seconds: beyond a fast typist, even pasting lines one after the
  // other, but not beyond a script.
  messagesUser: { limit: 30, windowMs: 10 * SECOND, message: "You are sending messages too quickly." },
  // Each of these reaches other people (a group in their list, a change sent to a whole group, a
  // request in their inbox): far beyond what a person does by hand, well below what floods them.
  groupsCreatedUser: { limit: 20, windowMs: HOUR, message: "You are creating groups too quickly." },
  memberAddsUser: { limit: 60, windowMs: HOUR, message: "You are adding people to groups too quickly." },
  editsUser: { limit: 20, windowMs: 10 * SECOND, message: "You are editing messages too quickly." },
  reactionsUser: { limit: 30, windowMs: 10 * SECOND, message: "You are reacting too quickly." },
  friendRequestsUser: { limit: 30, windowMs: HOUR, message: "You are sending requests too quickly." },
  // Each search reads the index of every conversation the searcher is in: one a second on average
  // is more than a person typing (the search page asks once per submitted query), not a loop.
  searchesUser: { limit: 60, windowMs: MINUTE, message: "You are searching too quickly." },
  // Pictures (one's own and groups' together) are decoded and re-encoded at four sizes, the
  // costliest request the app serves; ten an hour leaves room to try a few.
  avatarUploadsUser: { limit: 10, windowMs: HOUR, message: "Too many picture uploads." },
  // Each file costs storage and, for an image, a decode and two encodes: a hundred an hour is an
  // album shared by hand several times over, not a script filling the disk.
  attachmentUploadsUser: { limit: 100, windowMs: HOUR, message: "You are uploading files too quickly." },
  // A forward reaches up to ten chats at once (each copy also counts as a message sent).
  forwardsUser: { limit: 20, windowMs: MINUTE, message: "You are forwarding messages too quickly." },
  // A pin reaches every member's open chat.
  pinsUser: { limit: 20, windowMs: MINUTE, message: "You are pinning messages too quickly." },
  // Muting and unmuting reaches only one's own tabs, but each is a write and an event.
  mutesUser: { limit: 60, windowMs: MINUTE, message: "You are muting and unmuting too quickly." },
  // Filtering one's chat list by name, a request per pause in typing: a few a second at most.
  chatSearchUser: { limit: 120, windowMs: MINUTE, message: "You are searching your chats too quickly." },
  // Admins act by hand on /admin; a script looping over the accounts is not one.
  adminActionsUser: { limit: 120, windowMs: MINUTE, message: "You are changing the server too quickly." },
  // Each link admits people to the server: a handful a day is what a person hands out.
  invitesUser: { limit: 20, windowMs: HOUR, message: "You are making invitations too quickly." },
  // A room moderator deletes by hand what they read; a script sweeping a room's history is not one.
  moderationUser: { limit: 60, windowMs: MINUTE, message: "You are deleting messages too quickly." },
  // Each report lands in the admins' queue.
  reportsUser: { limit: 20, windowMs: HOUR, message: "You are reporting too many messages." },
} as const satisfies Record<string, RateLimitRule>;

export type RateLimitName = keyof typeof RATE_LIMITS;

/** The longest window: a counter whose window started longer ago than this has certainly ended. */
export const LONGEST_WINDOW_MS = Math.max(...Object.values(RATE_LIMITS).map((r) => r.windowMs));

/** The limit after the multiplier: at least one request per window, whatever the multiplier. */
export function scaledLimit(rule: RateLimitRule, multiplier: number): number {
  return Math.max(1, Math.round(rule.limit * multiplier));
}

/** "Too many sign-in attempts. Try again in 5 minutes." */
export function rateLimitMessage(rule: RateLimitRule, retryAfterSeconds: number): string {
  return `${rule.message} Try again in ${describeWait(retryAfterSeconds)}.`;
}

export function describeWait(seconds: number): string {
  if (seconds < 60) return plural(Math.max(1, Math.ceil(seconds)), "second");
  if (seconds < 3600) return plural(Math.ceil(seconds / 60), "minute");
  return plural(Math.ceil(seconds / 3600), "hour");
}

function plural(n: number, unit: string): string {
  return n === 1 ? `1 ${unit}` : `${n} ${unit}s`;
}
