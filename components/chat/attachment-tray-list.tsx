"use client";

import { formatBytes } from "@/lib/format-bytes";
import type { Tray } from "./attachment-tray";

/** The files of the message being written (AttachmentTray in attachment-tray.tsx shows it when there are any). */
export function AttachmentTrayList({ tray }: { tray: Tray }) {
  return (
    <div className="mb-2">
      {tray.items.length > 0 && (
        <ul aria-label="Files to send" className="flex flex-wrap gap-2">
          {tray.items.map((item) => (
            <li key={item.key} className="w-48 rounded-lg border border-zinc-200 bg-zinc-50 px-2 py-1.5 text-xs dark:border-zinc-700 dark:bg-zinc-900">
              <div className="flex items-center gap-1">
                <span className="min-w-0 flex-1 truncate font-medium" title={item.file.name}>
                  {item.file.name}
                </span>
                <button
                  type="button"
                  onClick={() => tray.remove(item.key)}
                  aria-label={item.status === "uploading" ? `Cancel upload of ${item.file.name}` : `Remove ${item.file.name}`}
                  className="rounded px-1 text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900 dark:hover:bg-zinc-700"
                >
                  ✕
                </button>
              </div>
              <div className="text-zinc-500">{formatBytes(item.file.size)}</div>
              {item.status === "uploading" && (
                <progress className="mt-1 h-1.5 w-full accent-indigo-600" max={1} value={item.progress} aria-label={`Uploading ${item.file.name}`} />
              )}
              {item.status === "ready" && <div className="text-emerald-700 dark:text-emerald-400">Ready</div>}
              {item.status === "failed" && (
                <div className="text-red-600 dark:text-red-400">
                  {item.error}{" "}
                  <button type="button" onClick={() => tray.retry(item.key)} className="font-semibold underline">
                    Retry
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {tray.notice && (
        <p role="alert" className="mt-1 text-sm text-red-600 dark:text-red-400">
          {tray.notice}
        </p>
      )}
    </div>
  );
}
