import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { joinRoomAction } from "@/app/(app)/groups/actions";
import { ChatView } from "@/components/chat/chat-view";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { getChatMembers, getConversationForUser, mayModerate } from "@/lib/dal/conversations";
import { findPublicRoom } from "@/lib/dal/groups";
import { displayName } from "@/lib/display-name";
import { getMessagesPage } from "@/lib/dal/messages";
import { getPresence } from "@/lib/dal/contacts";
import { listPins, mayPin } from "@/lib/dal/pins";
import { requirePageUser } from "@/lib/dal/session";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { PAGE_SIZE } from "@/lib/validations/message";

type Props = {
  params: Promise<{ conversationId: string }>;
  searchParams: Promise<{ m?: string | string[] }>;
};

/** One read of the conversation for the page and its title. */
const conversationFor = cache(async (conversationId: string) => getConversationForUser(await requirePageUser(), conversationId));

/** The tab is named after the chat, as the list names it (a direct chat after the other person). */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { conversationId } = await params;
  const conversation = await conversationFor(conversationId).catch(() => null);
  if (!conversation) return { title: "Chat" };
  return { title: conversation.peer ? displayName(conversation.peer) : conversation.title };
}

/** With many unread, open with all of them (up to a bound) so the reader starts at the first. */
const MAX_INITIAL = 200;

export default async function ConversationPage({ params, searchParams }: Props) {
  const me = await requirePageUser();
  const { conversationId } = await params;
  const { m } = await searchParams;
  const focus = typeof m === "string" && /^\d{1,15}$/.test(m) ? Number(m) : undefined;

  const loaded = await (async () => {
    const conversation = await conversationFor(conversationId);
    const limit = Math.min(MAX_INITIAL, Math.max(PAGE_SIZE, conversation.unreadCount + 10));
    const [page, { members, readStates }, pins, canPin, canModerate] = await Promise.all([
      getMessagesPage(me, conversation.id, focus ? { around: focus, limit: PAGE_SIZE } : { limit }),
      getChatMembers(me, conversation.id),
      listPins(me, conversation.id),
      mayPin(me, conversation.id),
      mayModerate(me, conversation.id),
    ]);
    const peerId = conversation.peer?.id;
    const presence = peerId ? await getPresence(me, peerId) : null;
    return { conversation, page, readStates, members, presence, pins, canPin, canModerate };
  })().catch(async (error: unknown) => {
    // A public room is open to all: one not joined yet offers to join it.
    if (error instanceof AppError && error.code === "forbidden:conversation") {
      const room = await findPublicRoom(me, conversationId);
      if (room) return { room };
    }
    // Someone else's conversation looks exactly like one that does not exist.
    if (error instanceof AppError && error.status < 500) notFound();
    throw error;
  });
  if ("room" in loaded) return <JoinRoom room={loaded.room} />;

  return (
    <ChatView
      key={`${loaded.conversation.channel}:${focus ?? ""}`}
      me={me}
      conversation={loaded.conversation}
      initialPage={loaded.page}
      readStates={loaded.readStates}
      members={loaded.members}
      focusMessageId={focus}
      peerPresence={loaded.presence}
      fileLimits={env().files.limits}
      pins={loaded.pins}
      canPin={loaded.canPin}
      canModerate={loaded.canModerate}
    />
  );
}

function JoinRoom({ room }: { room: { id: string; name: string } }) {
  return (
    <section aria-label={room.name} className="flex flex-1 flex-col items-center justify-center gap-3 p-8 text-center">
      <h1 className="text-xl font-semibold">{room.name}</h1>
      <p className="text-zinc-600 dark:text-zinc-400">A public room: anyone can join, read and write here.</p>
      <ActionForm action={joinRoomAction} hidden={{ conversationId: room.id }}>
        <Button size="lg">Join {room.name}</Button>
      </ActionForm>
    </section>
  );
}
