"use client";

import { Suspense, use, type ReactNode } from "react";
import { mayHaveMarkdown } from "@/lib/client/markdown-syntax";

type Markdown = typeof import("@/lib/markdown");

/**
 * The formatter (lib/markdown.ts, with marked) is not in the chat page's first-load JavaScript: a
 * message without Markdown syntax (mayHaveMarkdown) is its own text and needs none, and the first
 * one with it loads the formatter. Components that show such a body suspend until it is in; inside
 * <Suspense> a server-rendered one keeps its HTML while it hydrates, so the page looks the same.
 */
let loaded: Markdown | null = null;
let loading: Promise<Markdown> | null = null;

export function loadMarkdown(): Promise<Markdown> {
  loading ??= import("@/lib/markdown").then((markdown) => (loaded = markdown));
  return loading;
}

// The server renders every page with formatted messages: have it ready before the first request.
if (typeof window === "undefined") void loadMarkdown();

/** The formatter when `body` needs it (suspending until it is loaded), else null. */
export function useMarkdown(body: string): Markdown | null {
  if (!mayHaveMarkdown(body)) return null;
  return loaded ?? use(loadMarkdown());
}

/** The text of `body` without its Markdown marks (toPlainText), as `children` renders it. */
export function PlainText({ body, children }: { body: string; children: (text: string) => ReactNode }) {
  return (
    <Suspense fallback={children(body)}>
      <Plain body={body}>{children}</Plain>
    </Suspense>
  );
}

function Plain({ body, children }: { body: string; children: (text: string) => ReactNode }) {
  const markdown = useMarkdown(body);
  return children(markdown ? markdown.toPlainText(body) : body);
}

/** toPlainText outside rendering (a notification's text). */
export async function plainTextOf(body: string): Promise<string> {
  return mayHaveMarkdown(body) ? (await loadMarkdown()).toPlainText(body) : body;
}
