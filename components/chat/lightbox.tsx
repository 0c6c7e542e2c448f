"use client";

import { useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import type { AttachmentDTO } from "@/lib/dto";
import { attachmentUrl } from "./message-attachments";

/** The photos of one message, full size: ← and → move between them, Esc (or the backdrop) closes. */
export default function Lightbox({ images, start, onClose }: { images: AttachmentDTO[]; start: number; onClose: () => void }) {
  const [index, setIndex] = useState(start);
  const dialog = useRef<HTMLDivElement>(null);
  const image = images[index]!;
  const many = images.length > 1;

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.focus();
    return () => opener?.focus();
  }, []);

  const step = (by: number) => setIndex((i) => (i + by + images.length) % images.length);

  return createPortal(
    <div
      ref={dialog}
      role="dialog"
      aria-modal="true"
      aria-label={`Photo ${index + 1} of ${images.length}: ${image.name}`}
      tabIndex={-1}
      className="fixed inset-0 z-50 flex items-center justify-center bg-black/85 p-4 outline-none"
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        } else if (e.key === "ArrowRight" && many) step(1);
        else if (e.key === "ArrowLeft" && many) step(-1);
      }}
    >
      {/* eslint-disable-next-line @next/next/no-img-element -- the re-encoded image from the app's signed route */}
      <img
        src={attachmentUrl(image, "full")}
        alt={image.name}
        width={image.width ?? undefined}
        height={image.height ?? undefined}
        className="max-h-full max-w-full object-contain"
      />
      <div className="absolute top-3 right-3 flex gap-2">
        <a href={attachmentUrl(image, "download")} download={image.name} className="rounded bg-white/15 px-3 py-1 text-sm text-white hover:bg-white/25">
          Download
        </a>
        <button type="button" onClick={onClose} className="rounded bg-white/15 px-3 py-1 text-sm text-white hover:bg-white/25">
          Close
        </button>
      </div>
      {many && (
        <>
          <button
            type="button"
            onClick={() => step(-1)}
            aria-label="Previous photo"
            className="absolute left-3 rounded-full bg-white/15 px-3 py-2 text-2xl text-white hover:bg-white/25"
          >
            ‹
          </button>
          <button
            type="button"
            onClick={() => step(1)}
            aria-label="Next photo"
            className="absolute right-3 rounded-full bg-white/15 px-3 py-2 text-2xl text-white hover:bg-white/25"
          >
            ›
          </button>
        </>
      )}
    </div>,
    document.body,
  );
}
