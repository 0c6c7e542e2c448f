"use client";

import { AppLink } from "@/components/ui/app-link";
import { useCallback, useEffect, useState } from "react";
import { deleteMessageAction, editMessageAction, reportMessageAction, toggleReactionAction, type MessageChange } from "@/app/(app)/actions";
import { PresenceLabel } from "@/components/people/presence-label";
import { Avatar } from "@/components/ui/avatar";
import { usePreloadWhenIdle } from "@/components/ui/lazy-part";
import type { MessagePage } from "@/lib/client/api-client";
import { displayName } from "@/lib/display-name";
import type { ConversationSummary, MessageDTO, PinnedMessage, ReadState, UserSummary } from "@/lib/dto";
import type { Presence } from "@/lib/dto";
import type { FileLimits } from "@/lib/env";
import { TrayList, useAttachmentTray } from "./attachment-tray";
import { LazyComposer } from "./lazy-composer";
import { useApplyReadPosition } from "./conversation-list-provider";
import { LazyEmojiPicker } from "./lazy-emoji-picker";
import { LazyForwardDialog } from "./lazy-forward-dialog";
import { pendingMentions } from "./mention-chip";
import { MESSAGE_ACTION_PARTS } from "./message-bubble";
import { MessageList } from "./message-list";
import { ChatSearch, ChatSearchPanel } from "./chat-search";
import { MuteMenu } from "./mute-menu";
import { PinnedBar, pinActions, usePins } from "./pinned-bar";
import { receiptsFor } from "./receipts";
import { typingChannelOf } from "@/lib/realtime/channels";
import { useConversationMessages } from "./use-conversation-messages";
import { useMemberNames } from "./use-member-names";
import { useReadMarks } from "./use-read-marks";
import { typingText, useTyping } from "./use-typing";
import { useUnsentWarning } from "./use-unsent-warning";

/** What the chat page loads after it is up, not in its first-load JavaScript. */
const LATER_PARTS = [...MESSAGE_ACTION_PARTS, ChatSearchPanel, LazyForwardDialog, TrayList, LazyEmojiPicker];

type ChatViewProps = {
  me: { id: string; username: string };
  conversation: ConversationSummary;
  initialPage: MessagePage;
  readStates: ReadState[];
  /** Everyone in the chat, as they name themselves when it opened (kept live by useMemberNames). */
  members: UserSummary[];
  focusMessageId?: number;
  peerPresence?: Presence | null;
  fileLimits: FileLimits;
  pins: PinnedMessage[];
  /** Pin buttons show: either person in a direct chat, admins in a group. */
  canPin: boolean;
  /** Delete shows on everyone's messages: a moderator of this public room, or a server admin in it. */
  canModerate: boolean;
};

export function ChatView({
  me,
  conversation,
  initialPage,
  readStates,
  members,
  focusMessageId,
  peerPresence,
  fileLimits,
  pins: initialPins,
  canPin,
  canModerate,
}: ChatViewProps) {
  const chat = useConversationMessages(me.id, conversation.id, conversation.channel, initialPage, readStates);
  const names = useMemberNames(conversation.channel, members);
  const tray = useAttachmentTray(conversation.id, fileLimits);
  const [dropping, setDropping] = useState(false);
  const [replyingTo, setReplyingTo] = useState<MessageDTO | null>(null);
  const [editing, setEditing] = useState<MessageDTO | null>(null);
  const [forwarding, setForwarding] = useState<MessageDTO | null>(null);
  // What the last action on a message came to: a refusal (an alert) or a confirmation (a status).
  const [notice, setNotice] = useState<{ text: string; failed: boolean } | null>(null);
  const setActionError = useCallback((text: string) => setNotice(text ? { text, failed: true } : null), []);
  const [unreadAfter] = useState(conversation.unreadCount > 0 ? conversation.lastReadMessageId : null);
  const direct = conversation.kind === "direct";
  // A direct chat is named after the other person as they name themselves now (member.updated keeps
  // it live: a rename, or an admin deactivating them).
  const peer = conversation.peer ? (names.byId(conversation.peer.id) ?? conversation.peer) : null;
  const title = peer ? displayName(peer) : conversation.title;
  const typing = useTyping(typingChannelOf(conversation.channel), me.id);
  const newest = chat.messages.at(-1);
  const { clear: clearTyping } = typing;
  useEffect(() => {
    if (newest?.sender) clearTyping(newest.sender.id);
  }, [newest?.id, newest?.sender, clearTyping]);

  useUnsentWarning(chat.pending.length > 0);
  usePreloadWhenIdle(LATER_PARTS);
  const pins = usePins(conversation.id, conversation.channel, initialPins);

  const seen = useReadMarks(conversation.id, conversation.lastReadMessageId, useApplyReadPosition());
  const { messages } = chat;
  const onSeen = useCallback(
    (messageId: number) => {
      // Only others' messages need a mark; the newest of them up to what is in view.
      let othersThrough = 0;
      for (let i = messages.length - 1; i >= 0; i--) {
        const m = messages[i]!;
        if (m.id <= messageId && m.sender?.id !== me.id) {
          othersThrough = m.id;
          break;
        }
      }
      seen(messageId, othersThrough);
    },
    [me.id, messages, seen],
  );

  const apply = useCallback(
    async (result: Promise<MessageChange>) => {
      try {
        const outcome = await result;
        if (outcome.ok) {
          chat.update([outcome.changed]);
          setActionError("");
        } else {
          setActionError(outcome.message);
        }
      } catch {
        setActionError("Could not reach the server. Try again.");
      }
    },
    [chat, setActionError],
  );

  const submit = (body: string) => {
    if (editing) {
      void apply(editMessageAction(editing.id, body));
      setEditing(null);
    } else {
      chat.send(body, replyingTo ?? undefined, { clientId: tray.clientId(), attachments: tray.ready, mentions: pendingMentions(body, names) });
      tray.sent();
      typing.stopTyping();
      setReplyingTo(null);
    }
  };

  return (
    <section
      aria-label={`Chat with ${title}`}
      className={`relative flex min-h-0 flex-1 flex-col ${dropping ? "ring-4 ring-indigo-400 ring-inset" : ""}`}
      onDragOver={(e) => {
        if (editing || !e.dataTransfer.types.includes("Files")) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={(e) => {
        if (editing || e.dataTransfer.files.length === 0) return;
        e.preventDefault();
        setDropping(false);
        tray.add(Array.from(e.dataTransfer.files));
      }}
    >
      <a
        href="#composer"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById("composer")?.focus();
        }}
        className="sr-only focus:not-sr-only focus:absolute focus:z-20 focus:m-2 focus:rounded focus:bg-indigo-600 focus:px-3 focus:py-1 focus:text-white"
      >
        Skip to message box
      </a>
      <header className="flex items-center gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <AppLink href="/" className="text-sm text-indigo-600 md:hidden dark:text-indigo-400" aria-label="Back to chats">
          ←
        </AppLink>
        <Avatar name={title} avatarId={conversation.avatarId} size={36} />
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-lg font-semibold">
            <bdi>{peer ? <AppLink href={`/u/${peer.username}`}>{title}</AppLink> : title}</bdi>
          </h1>
          {peer && (
            <p className="flex min-w-0 gap-2 text-xs text-zinc-500">
              {title !== peer.username && <span className="truncate">{peer.username}</span>}
              {peer.deactivated ? <span>Deactivated</span> : <PresenceLabel variant="chat" meId={me.id} userId={peer.id} presence={peerPresence ?? null} />}
            </p>
          )}
          {conversation.archived && <p className="text-xs text-zinc-500">Archived room: read-only</p>}
        </div>
        <ChatSearch conversationId={conversation.id} />
        <MuteMenu conversationId={conversation.id} initial={conversation.mutedUntil} />
        {conversation.kind === "group" && (
          <AppLink href={`/c/${conversation.id}/info`} className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
            Group info
          </AppLink>
        )}
      </header>
      <PinnedBar conversationId={conversation.id} pins={pins} />
      <MessageList
        meId={me.id}
        meUsername={me.username}
        direct={direct}
        messages={chat.messages}
        pending={chat.pending}
        receipts={receiptsFor(chat.messages, me.id, chat.readStates, direct)}
        names={names}
        hasOlder={chat.hasOlder}
        hasNewer={chat.hasNewer}
        loading={chat.loading}
        unreadAfter={unreadAfter}
        focusMessageId={focusMessageId}
        onLoadOlder={chat.loadOlder}
        onLoadNewer={chat.loadNewer}
        onLoadLatest={chat.loadLatest}
        onRetry={chat.retry}
        onDiscard={chat.discard}
        onSeen={onSeen}
        actions={{
          onReply: (m) => {
            setEditing(null);
            setReplyingTo(m);
          },
          onEdit: (m) => {
            setReplyingTo(null);
            setEditing(m);
          },
          onDelete: (m) => {
            if (window.confirm("Delete this message for everyone?")) void apply(deleteMessageAction(m.id));
          },
          onReact: (m, emoji) => void apply(toggleReactionAction(m.id, emoji)),
          onReport: (m) => {
            const reason = window.prompt("Why are you reporting this message to the server's admins?");
            if (!reason?.trim()) return;
            void reportMessageAction(m.id, reason).then((outcome) =>
              setNotice(outcome.ok ? { text: "Reported to the server's admins.", failed: false } : { text: outcome.message, failed: true }),
            );
          },
          onForward: (m) => {
            setNotice(null);
            setForwarding(m);
          },
          ...(canPin ? pinActions(pins, setActionError) : {}),
          moderates: canModerate,
        }}
      />
      <p aria-live="polite" className="h-5 px-4 text-xs text-zinc-500 italic">
        {typingText(typing.typing.map((t) => names.nameOf(t.username, t.id)))}
      </p>
      {forwarding && (
        <LazyForwardDialog
          message={forwarding}
          onClose={() => setForwarding(null)}
          onForwarded={(count) => setNotice({ text: count === 1 ? "Forwarded to 1 chat." : `Forwarded to ${count} chats.`, failed: false })}
        />
      )}
      {notice &&
        (notice.failed ? (
          <p role="alert" className="px-4 text-sm text-red-600 dark:text-red-400">
            {notice.text}
          </p>
        ) : (
          <p role="status" className="px-4 text-sm text-emerald-700 dark:text-emerald-400">
            {notice.text}
          </p>
        ))}
      {conversation.archived ? (
        // The page reloads when an admin archives or unarchives the room (conversation.membership).
        <p role="status" className="border-t border-zinc-200 px-4 py-3 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          This room is archived: its history stays, but no one can write here.
        </p>
      ) : (
        <LazyComposer
          key={editing ? `edit-${editing.id}` : "new"}
          editing={editing}
          replyingTo={replyingTo}
          replyingToName={replyingTo?.sender ? names.nameOf(replyingTo.sender.username, replyingTo.sender.id) : undefined}
          onSubmit={submit}
          onTyping={editing ? undefined : typing.notifyTyping}
          draft={editing ? undefined : { userId: me.id, conversationId: conversation.id }}
          tray={editing ? undefined : tray}
          members={direct ? undefined : names.members}
          meId={me.id}
          onEditLast={() => {
            const last = chat.messages.findLast((m) => m.sender?.id === me.id && m.kind === "text" && m.deletedAt === null);
            if (last) {
              setReplyingTo(null);
              setEditing(last);
            }
          }}
          onCancel={() => {
            setEditing(null);
            setReplyingTo(null);
          }}
        />
      )}
    </section>
  );
}
