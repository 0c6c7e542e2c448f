"use client";

import { lazyPart, PartLoading } from "@/components/ui/lazy-part";

/** The emoji picker, its code and data loaded only when it is first shown (see emoji-picker.tsx). */
export const LazyEmojiPicker = lazyPart(() => import("./emoji-picker").then((m) => m.EmojiPicker), PartLoading);
