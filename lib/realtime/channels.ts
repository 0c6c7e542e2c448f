/**
 * The one place channel names are built and read. Every channel is private, so Soketi asks the
 * channel-auth route before letting a socket subscribe.
 */
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const USER_CHANNEL = new RegExp(`^private-user-(${UUID})$`);
const CONVERSATION_CHANNEL = new RegExp(`^private-conversation-(${UUID})$`);

export type ParsedChannel = { kind: "user"; userId: string } | { kind: "conversation"; conversationId: string };

export function userChannel(userId: string): string {
  return `private-user-${userId}`;
}

export function conversationChannel(conversationId: string): string {
  return `private-conversation-${conversationId}`;
}

export function parseChannel(name: string): ParsedChannel | null {
  const user = USER_CHANNEL.exec(name);
  if (user) return { kind: "user", userId: user[1]! };
  const conversation = CONVERSATION_CHANNEL.exec(name);
  if (conversation) return { kind: "conversation", conversationId: conversation[1]! };
  return null;
}

/** Pusher socket ids are two integers joined by a dot ("1234.5678"). */
export function isSocketId(value: string): boolean {
  return /^\d{1,20}\.\d{1,20}$/.test(value);
}
