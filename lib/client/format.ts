/**
 * Times as people read them, in the viewer's own locale and time zone. Every function reads both
 * from `where`, which the browser leaves empty (its own settings) and the tests fill in. Their
 * results depend on where they run, so the server never renders them: see components/ui/local-time.tsx.
 */
export type Where = { locale?: string; timeZone?: string };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building a formatter costs far more than using one, and a chat formats hundreds of times. */
function formatter(where: Where, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify([where.locale, where.timeZone, options]);
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(where.locale, { ...options, timeZone: where.timeZone });
    formatters.set(key, f);
  }
  return f;
}

/** The calendar day of an instant in the viewer's zone, as YYYY-MM-DD (whatever the locale). */
export function dayKey(ms: number, where: Where = {}): string {
  const parts = formatter({ timeZone: where.timeZone }, { year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(ms);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** The day before a YYYY-MM-DD day: calendar arithmetic, so a day of 23 or 25 hours changes nothing. */
function dayBefore(key: string): string {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

export function formatMessageTime(ms: number, where: Where = {}): string {
  return formatter(where, { hour: "2-digit", minute: "2-digit" }).format(ms);
}

/** The whole date and time, for a tooltip or a focused message. */
export function formatFullTime(ms: number, where: Where = {}): string {
  return formatter(where, { dateStyle: "full", timeStyle: "short" }).format(ms);
}

/** A date without a time (a profile's "member since"). */
export function formatDate(ms: number, where: Where = {}): string {
  return formatter(where, { day: "numeric", month: "long", year: "numeric" }).format(ms);
}

/** The list's short form: the time today, the weekday within a week, else the date. */
export function formatListTime(ms: number, now = Date.now(), where: Where = {}): string {
  if (dayKey(ms, where) === dayKey(now, where)) return formatMessageTime(ms, where);
  const days = (now - ms) / 86_400_000;
  if (days < 7) return formatter(where, { weekday: "short" }).format(ms);
  return formatter(where, { day: "numeric", month: "short" }).format(ms);
}

/** A day separator's label: Today, Yesterday, or the full date. */
export function formatDay(ms: number, now = Date.now(), where: Where = {}): string {
  const day = dayKey(ms, where);
  const today = dayKey(now, where);
  if (day === today) return "Today";
  if (day === dayBefore(today)) return "Yesterday";
  return formatter(where, { weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(ms);
}

/** "Last seen …": minutes ago within the hour, else the time today, else the date and time. */
export function formatLastSeen(ms: number, now = Date.now(), where: Where = {}): string {
  const minutes = Math.round((now - ms) / 60_000);
  if (minutes < 60) return `${Math.max(minutes, 1)} min ago`;
  const time = formatMessageTime(ms, where);
  if (dayKey(ms, where) === dayKey(now, where)) return `today at ${time}`;
  return `${formatter(where, { day: "numeric", month: "short", year: "numeric" }).format(ms)} at ${time}`;
}
