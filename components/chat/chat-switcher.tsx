"use client";

import { useEffect, useState } from "react";
import { lazyPart, usePreloadWhenIdle } from "@/components/ui/lazy-part";

/** Loaded when the page is idle or at the first Ctrl+K; offline and never loaded, Ctrl+K does nothing. */
const ChatSwitcherDialog = lazyPart(
  () => import("./chat-switcher-dialog").then((m) => m.ChatSwitcherDialog),
  () => null,
);
const PARTS = [ChatSwitcherDialog];

/** Ctrl+K (⌘K on a Mac) anywhere: type part of a chat's name, Enter opens it, Esc closes. */
export function ChatSwitcher() {
  // How many times it was asked for: each opens a fresh switcher, its query empty.
  const [opened, setOpened] = useState(0);
  usePreloadWhenIdle(PARTS);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpened((n) => n + 1);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return opened > 0 ? <ChatSwitcherDialog key={opened} /> : null;
}
