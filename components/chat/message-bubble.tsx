import type { MessageDTO } from "@/lib/dto";
import { formatMessageTime } from "@/lib/format";
import { LinkifiedText } from "./linkified-text";
import type { PendingMessage } from "./use-conversation-messages";

type BubbleProps = {
  body: string | null;
  mine: boolean;
  senderName?: string | null;
  time: number;
  edited?: boolean;
  footer?: React.ReactNode;
  replyTo?: MessageDTO["replyTo"];
};

function Bubble({ body, mine, senderName, time, edited, footer, replyTo }: BubbleProps) {
  return (
    <div className={`flex flex-col ${mine ? "items-end" : "items-start"}`}>
      <div
        className={`max-w-[80%] rounded-2xl px-3 py-2 ${
          mine ? "rounded-br-sm bg-indigo-600 text-white" : "rounded-bl-sm bg-zinc-100 dark:bg-zinc-800"
        }`}
      >
        {senderName && <p className="text-xs font-semibold text-indigo-700 dark:text-indigo-300">{senderName}</p>}
        {replyTo && (
          <a
            href={`#message-${replyTo.id}`}
            className={`mb-1 block border-l-2 pl-2 text-xs opacity-80 ${mine ? "border-white/70" : "border-indigo-500"}`}
          >
            <span className="font-semibold">{replyTo.senderUsername ?? "Deleted user"}</span>{" "}
            <span className="line-clamp-2">{replyTo.body ?? "Message deleted"}</span>
          </a>
        )}
        {body === null ? <p className="italic opacity-70">Message deleted</p> : <LinkifiedText text={body} />}
        <p className={`mt-0.5 text-right text-[11px] ${mine ? "text-indigo-100" : "text-zinc-500"}`}>
          {edited && <span>edited · </span>}
          <time dateTime={new Date(time).toISOString()} suppressHydrationWarning>
            {formatMessageTime(time)}
          </time>
        </p>
      </div>
      {footer}
    </div>
  );
}

export function MessageBubble({ message, mine, showSender }: { message: MessageDTO; mine: boolean; showSender: boolean }) {
  if (message.kind === "system") {
    return <p className="py-1 text-center text-xs text-zinc-500">{message.body}</p>;
  }
  return (
    <Bubble
      body={message.body}
      mine={mine}
      senderName={showSender && !mine ? (message.sender?.username ?? "Deleted user") : null}
      time={message.createdAt}
      edited={message.editedAt !== null && message.deletedAt === null}
      replyTo={message.replyTo}
    />
  );
}

export function PendingBubble({
  item,
  onRetry,
  onDiscard,
}: {
  item: PendingMessage;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const footer =
    item.status === "sending" ? (
      <p className="mt-0.5 text-xs text-zinc-500">Sending…</p>
    ) : (
      <p className="mt-0.5 flex items-center gap-2 text-xs text-red-600 dark:text-red-400">
        <span>Failed{item.error ? `: ${item.error}` : ""}</span>
        {item.retryable && (
          <button type="button" onClick={onRetry} className="font-semibold underline">
            Retry
          </button>
        )}
        <button type="button" onClick={onDiscard} className="underline">
          Discard
        </button>
      </p>
    );
  return <Bubble body={item.body} mine time={item.createdAt} footer={footer} />;
}
