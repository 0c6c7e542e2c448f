"use client";

import { useCallback, useEffect, useRef } from "react";
import { ApiError, postReadMark } from "@/lib/api-client";
import type { ReadPosition } from "@/lib/dto";

/** The first mark after a quiet spell waits this long: a burst of arrivals becomes one mark. */
export const READ_MARK_DELAY_MS = 400;
/**
 * While messages keep arriving, at most one mark per chat this often. Each mark is an app request
 * from every reader, so with seven readers of a chat at five messages a second this keeps the
 * marks of the whole chat well under half a request per message.
 */
export const READ_MARK_INTERVAL_MS = 5000;

type Send = (messageId: number, options: { keepalive: boolean }) => Promise<ReadPosition>;

/**
 * When to tell the server how far the reader has read one chat. Pure scheduling, no React: the
 * hook below gives it the network, the timers and the page's lifecycle.
 */
export class ReadMarks {
  /** The position the server has (its last answer, or the page's). */
  private stored: number;
  /** The newest message seen, of anyone's: what a mark carries. */
  private seenThrough = 0;
  /** The newest message of someone else seen: only these make a mark needed. */
  private othersSeenThrough = 0;
  /** The newest id sent in a mark not yet refused. */
  private sentThrough = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    lastReadMessageId: number,
    private readonly send: Send,
    private readonly onAnswer: (position: ReadPosition) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.stored = lastReadMessageId;
  }

  /**
   * The reader has seen the chat through `messageId`; `othersThrough` is the newest message of
   * someone else up to it. My own messages never need a mark: the server moved my position to
   * each as it stored it.
   */
  seen(messageId: number, othersThrough: number): void {
    this.seenThrough = Math.max(this.seenThrough, messageId);
    this.othersSeenThrough = Math.max(this.othersSeenThrough, othersThrough);
    this.schedule();
  }

  /** Sends what is owed at once, with keepalive: the tab is being hidden, closed or left. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.needed()) this.mark(true);
  }

  close(): void {
    this.flush();
    this.closed = true;
  }

  private needed(): boolean {
    return this.othersSeenThrough > Math.max(this.stored, this.sentThrough);
  }

  private schedule(): void {
    if (this.closed || this.timer !== undefined || !this.needed()) return;
    const delay = Math.max(READ_MARK_DELAY_MS, this.lastSentAt + READ_MARK_INTERVAL_MS - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.needed()) this.mark(false);
    }, delay);
  }

  private mark(keepalive: boolean): void {
    const upTo = this.seenThrough;
    this.sentThrough = upTo;
    this.lastSentAt = this.now();
    this.send(upTo, { keepalive }).then(
      (position) => {
        this.stored = Math.max(this.stored, position.lastReadMessageId);
        this.onAnswer(position);
      },
      (error: unknown) => {
        // Offline or a passing server failure: the next mark (due at the usual pace) carries it.
        // A refusal (signed out, no longer a member) is final.
        if (this.sentThrough === upTo) this.sentThrough = this.stored;
        if (error instanceof ApiError && !error.retryable) this.othersSeenThrough = this.stored;
        this.schedule();
      },
    );
  }
}

/**
 * Read marks for the open chat, coalesced: the first soon after a message is seen, then at most
 * one every READ_MARK_INTERVAL_MS, always for the newest message seen; what is owed goes at once
 * when the tab is hidden or closed and when the chat is left. Returns `seen` for the message list.
 */
export function useReadMarks(
  conversationId: string,
  lastReadMessageId: number,
  onAnswer: (conversationId: string, position: ReadPosition) => void,
): (messageId: number, othersThrough: number) => void {
  const marks = useRef<ReadMarks | null>(null);
  // The message list reports what is in view from its own effects, which run before this hook's.
  const early = useRef({ messageId: 0, othersThrough: 0 });
  const answer = useRef(onAnswer);
  const initialRead = useRef(lastReadMessageId);
  useEffect(() => {
    answer.current = onAnswer;
  });

  useEffect(() => {
    const current = new ReadMarks(
      initialRead.current,
      (messageId, options) => postReadMark(conversationId, messageId, options),
      (position) => answer.current(conversationId, position),
    );
    marks.current = current;
    if (early.current.messageId > 0) current.seen(early.current.messageId, early.current.othersThrough);
    early.current = { messageId: 0, othersThrough: 0 };
    const onHide = () => {
      if (document.visibilityState === "hidden") current.flush();
    };
    const onPageHide = () => current.flush();
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("pagehide", onPageHide);
    return () => {
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", onPageHide);
      current.close();
      if (marks.current === current) marks.current = null;
    };
  }, [conversationId]);

  return useCallback((messageId: number, othersThrough: number) => {
    if (marks.current) {
      marks.current.seen(messageId, othersThrough);
      return;
    }
    early.current = {
      messageId: Math.max(early.current.messageId, messageId),
      othersThrough: Math.max(early.current.othersThrough, othersThrough),
    };
  }, []);
}
