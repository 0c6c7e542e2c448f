"use client";

import { useRouter } from "next/navigation";
import type { AnchorHTMLAttributes, MouseEvent } from "react";

type AppLinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { href: string };

/**
 * A link to a page of the app. A plain click moves there without reloading (the realtime connection,
 * the chat list and what else the layout holds stay), fetching the page when the pointer or focus
 * comes to the link; a click that asks for more (a new tab or window, a download) is the browser's.
 * next/link does the same, but also prefetches every link that scrolls into view (in a list of chats,
 * a server request per chat), and its code adds 2.7 kB gzip to every page's first-load JavaScript.
 */
export function AppLink({ href, onClick, onMouseEnter, onFocus, onTouchStart, ...props }: AppLinkProps) {
  const router = useRouter();
  const prefetch = () => router.prefetch(href);
  return (
    <a
      {...props}
      href={href}
      onMouseEnter={(e) => {
        prefetch();
        onMouseEnter?.(e);
      }}
      onTouchStart={(e) => {
        prefetch();
        onTouchStart?.(e);
      }}
      onFocus={(e) => {
        prefetch();
        onFocus?.(e);
      }}
      onClick={(e) => {
        onClick?.(e);
        if (!plainClick(e, props.target, props.download)) return;
        e.preventDefault();
        router.push(href);
      }}
    />
  );
}

function plainClick(e: MouseEvent, target?: string, download?: unknown): boolean {
  return (
    !e.defaultPrevented && e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey && (!target || target === "_self") && download === undefined
  );
}
