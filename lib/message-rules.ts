// Imported by client components: no zod here, or the validation library ships to every browser
// with the chat page (it made up a fifth of its JavaScript). The schemas that enforce these live in
// lib/validations/message.ts.

export const MAX_MESSAGE_LENGTH = 4000;
export const PAGE_SIZE = 50;
/** The fixed set of reactions. */
export const REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"] as const;
export type ReactionEmoji = (typeof REACTIONS)[number];
