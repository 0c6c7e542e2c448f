"use client";

import { useCallback, useEffect, useRef } from "react";
import { postReadMark } from "@/lib/client/api-client";
import type { ReadPosition } from "@/lib/dto";
import { ReadMarks } from "./read-marks";

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
