"use client";

import { formatDate, formatFullTime, formatLastSeen, formatListTime, formatMessageTime } from "@/lib/client/format";
import { useHydrated } from "./use-hydrated";

const formats = {
  time: (ms: number) => formatMessageTime(ms),
  list: (ms: number) => formatListTime(ms),
  date: (ms: number) => formatDate(ms),
  lastSeen: (ms: number) => formatLastSeen(ms),
};

/**
 * An instant in the viewer's own zone and locale, with the full date and time as its tooltip. The
 * server renders it empty (it knows neither); the browser fills it in as it hydrates.
 */
export function LocalTime({ ms, format, className }: { ms: number; format: keyof typeof formats; className?: string }) {
  const hydrated = useHydrated();
  return (
    <time dateTime={new Date(ms).toISOString()} title={hydrated ? formatFullTime(ms) : undefined} className={className}>
      {hydrated ? formats[format](ms) : ""}
    </time>
  );
}
