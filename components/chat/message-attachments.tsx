"use client";

import { lazy, Suspense, useState } from "react";
import type { AttachmentDTO } from "@/lib/dto";
import { formatBytes } from "@/lib/format-bytes";

// Only someone who opens a photo pays for the viewer's code.
const Lightbox = lazy(() => import("./lightbox"));

export const attachmentUrl = (a: AttachmentDTO, variant: "thumb" | "full" | "download") => `/api/attachments/${a.id}/${variant}`;

/** "PDF", "ZIP", else the name's extension: a label, never used to decide how the file is served. */
function typeLabel(a: AttachmentDTO): string {
  if (a.type === "application/pdf") return "PDF";
  if (a.type === "application/zip") return "ZIP";
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(a.name)?.[1];
  return extension ? extension.toUpperCase() : "File";
}

const THUMB_EDGE = 240;

/** A thumbnail's box from the image's size, known before it loads: the bubble never jumps. */
function thumbBox(a: AttachmentDTO): { width: number; height: number } {
  const w = a.width ?? THUMB_EDGE;
  const h = a.height ?? THUMB_EDGE;
  const scale = Math.min(1, THUMB_EDGE / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

/**
 * A message's files: images (re-encoded by the server) as thumbnails that open a lightbox, every
 * other file as a name, size and type with a download link. Nothing else is ever shown inline.
 */
export function MessageAttachments({ attachments, mine, tabIndex }: { attachments: AttachmentDTO[]; mine: boolean; tabIndex?: number }) {
  const [open, setOpen] = useState<number | null>(null);
  const images = attachments.filter((a) => a.kind === "image");
  const files = attachments.filter((a) => a.kind !== "image");
  return (
    <div className="mb-1 flex flex-col gap-1">
      {images.length > 0 && (
        <ul className="flex flex-wrap gap-1" aria-label="Photos">
          {images.map((a, i) => {
            const box = thumbBox(a);
            return (
              <li key={a.id}>
                <button
                  type="button"
                  tabIndex={tabIndex}
                  onClick={() => setOpen(i)}
                  aria-label={`Open photo ${a.name}`}
                  className="block overflow-hidden rounded-lg bg-zinc-200 dark:bg-zinc-700"
                  style={{ width: box.width, aspectRatio: `${box.width} / ${box.height}` }}
                >
                  {/* eslint-disable-next-line @next/next/no-img-element -- served by the app's own signed route, sized by the server's dimensions */}
                  <img
                    src={attachmentUrl(a, "thumb")}
                    alt={a.name}
                    width={box.width}
                    height={box.height}
                    loading="lazy"
                    className="h-full w-full object-cover"
                  />
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {files.map((a) => (
        <a
          key={a.id}
          href={attachmentUrl(a, "download")}
          download={a.name}
          tabIndex={tabIndex}
          className={`flex items-center gap-2 rounded-lg px-2 py-1.5 text-sm ${mine ? "bg-indigo-500/60 hover:bg-indigo-500" : "bg-white/70 hover:bg-white dark:bg-zinc-700 dark:hover:bg-zinc-600"}`}
        >
          <span aria-hidden className="text-lg">
            📎
          </span>
          <span className="min-w-0 flex-1">
            <span className="block truncate font-medium">{a.name}</span>
            <span className={`block text-xs ${mine ? "text-indigo-100" : "text-zinc-500"}`}>
              {typeLabel(a)} · {formatBytes(a.size)}
            </span>
          </span>
          <span className="text-xs underline">Download</span>
        </a>
      ))}
      {open !== null && (
        <Suspense fallback={null}>
          <Lightbox images={images} start={open} onClose={() => setOpen(null)} />
        </Suspense>
      )}
    </div>
  );
}
