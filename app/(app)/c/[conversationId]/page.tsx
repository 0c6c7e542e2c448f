import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChatView } from "@/components/chat/chat-view";
import { getConversationForUser, getReadStates } from "@/lib/dal/conversations";
import { getMessagesPage } from "@/lib/dal/messages";
import { getPresence } from "@/lib/dal/contacts";
import { requirePageUser } from "@/lib/dal/session";
import { AppError } from "@/lib/errors";
import { PAGE_SIZE } from "@/lib/validations/message";

type Props = {
  params: Promise<{ conversationId: string }>;
  searchParams: Promise<{ m?: string | string[] }>;
};

export const metadata: Metadata = { title: "Chat" };

/** With many unread, open with all of them (up to a bound) so the reader starts at the first. */
const MAX_INITIAL = 200;

export default async function ConversationPage({ params, searchParams }: Props) {
  const me = await requirePageUser();
  const { conversationId } = await params;
  const { m } = await searchParams;
  const focus = typeof m === "string" && /^\d{1,15}$/.test(m) ? Number(m) : undefined;

  const loaded = await (async () => {
    const conversation = await getConversationForUser(me, conversationId);
    const limit = Math.min(MAX_INITIAL, Math.max(PAGE_SIZE, conversation.unreadCount + 10));
    const [page, readStates] = await Promise.all([
      getMessagesPage(me, conversation.id, focus ? { around: focus, limit: PAGE_SIZE } : { limit }),
      getReadStates(me, conversation.id),
    ]);
    const peerId = conversation.peer?.id;
    const presence = peerId ? await getPresence(me, peerId) : null;
    return { conversation, page, readStates, presence };
  })().catch((error: unknown) => {
    // Someone else's conversation looks exactly like one that does not exist.
    if (error instanceof AppError && error.status < 500) notFound();
    throw error;
  });

  return (
    <ChatView
      key={`${loaded.conversation.channel}:${focus ?? ""}`}
      me={me}
      conversation={loaded.conversation}
      initialPage={loaded.page}
      readStates={loaded.readStates}
      focusMessageId={focus}
      peerPresence={loaded.presence}
    />
  );
}
