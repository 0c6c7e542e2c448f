// Shared with the browser, so no zod here: it would ship to every browser with the chat page (it
// made up a fifth of its JavaScript); eslint.config.mjs refuses the import. The schemas that enforce
// these live in lib/validations/message.ts.

export const MAX_MESSAGE_LENGTH = 4000;

/** Length as a person counts it: an emoji is one character, not two UTF-16 units. */
export function characterCount(text: string): number {
  return Array.from(text).length;
}

/** The first `count` characters as a person counts them: never half of an emoji. */
export function firstCharacters(text: string, count: number): string {
  return Array.from(text).slice(0, count).join("");
}
export const PAGE_SIZE = 50;
/** The fixed set of reactions. */
export const REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"] as const;
export type ReactionEmoji = (typeof REACTIONS)[number];

/** A forward goes to at most this many chats at once. */
export const MAX_FORWARD_TARGETS = 10;
