/**
 * The one place channel names are built and read. Every channel is private (or presence), so
 * Soketi asks the channel-auth route before letting a socket subscribe.
 *
 * Conversation channels carry the conversation's epoch: removing a member bumps it, so the removed
 * member's subscription hears nothing more and the new name will not be signed for them.
 */
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const EPOCH = "(?:-([1-9][0-9]{0,8}))?";
const USER_CHANNEL = new RegExp(`^private-user-(${UUID})$`);
const CONVERSATION_CHANNEL = new RegExp(`^private-conversation-(${UUID})${EPOCH}$`);
const TYPING_CHANNEL = new RegExp(`^presence-conversation-(${UUID})${EPOCH}$`);

export type ParsedChannel =
  | { kind: "user"; userId: string }
  | { kind: "conversation"; conversationId: string; epoch: number }
  | { kind: "typing"; conversationId: string; epoch: number };

export function userChannel(userId: string): string {
  return `private-user-${userId}`;
}

const suffix = (epoch: number) => (epoch > 0 ? `-${epoch}` : "");

/** Messages, edits, reactions and read receipts of one conversation. */
export function conversationChannel(conversationId: string, epoch = 0): string {
  return `private-conversation-${conversationId}${suffix(epoch)}`;
}

/**
 * Who has the conversation open, and their typing signals (client events). A presence channel,
 * because there Soketi stamps each client event with the sender's user id, which no client can forge.
 */
export function typingChannel(conversationId: string, epoch = 0): string {
  return `presence-conversation-${conversationId}${suffix(epoch)}`;
}

/** The typing channel that goes with a conversation channel (same conversation, same epoch). */
export function typingChannelOf(conversationChannelName: string): string {
  return conversationChannelName.replace(/^private-/, "presence-");
}

export function parseChannel(name: string): ParsedChannel | null {
  const user = USER_CHANNEL.exec(name);
  if (user) return { kind: "user", userId: user[1]! };
  const conversation = CONVERSATION_CHANNEL.exec(name);
  if (conversation) return { kind: "conversation", conversationId: conversation[1]!, epoch: Number(conversation[2] ?? 0) };
  const typing = TYPING_CHANNEL.exec(name);
  if (typing) return { kind: "typing", conversationId: typing[1]!, epoch: Number(typing[2] ?? 0) };
  return null;
}

/** Pusher socket ids are two integers joined by a dot ("1234.5678"). */
export function isSocketId(value: string): boolean {
  return /^\d{1,20}\.\d{1,20}$/.test(value);
}
