"use client";

import dynamic from "next/dynamic";

/** The emoji picker, its code and data loaded only when it is first shown (see emoji-picker.tsx). */
export const LazyEmojiPicker = dynamic(() => import("./emoji-picker").then((m) => m.EmojiPicker), {
  ssr: false,
  loading: () => <p className="p-2 text-sm text-zinc-500">Loading…</p>,
});
