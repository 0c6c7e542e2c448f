import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChatView } from "@/components/chat/chat-view";
import { getConversationForUser } from "@/lib/dal/conversations";
import { getMessagesPage } from "@/lib/dal/messages";
import { requirePageUser } from "@/lib/dal/session";
import { AppError } from "@/lib/errors";

type Props = { params: Promise<{ conversationId: string }> };

export const metadata: Metadata = { title: "Chat" };

export default async function ConversationPage({ params }: Props) {
  const me = await requirePageUser();
  const { conversationId } = await params;
  const loaded = await Promise.all([
    getConversationForUser(me, conversationId),
    getMessagesPage(me, conversationId),
  ]).catch((error: unknown) => {
    // Someone else's conversation looks exactly like one that does not exist.
    if (error instanceof AppError && error.status < 500) notFound();
    throw error;
  });
  const [conversation, page] = loaded;
  return <ChatView key={conversation.id} me={me} conversation={conversation} initialPage={page} />;
}
