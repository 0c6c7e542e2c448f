import type { Metadata } from "next";
import { AppLink } from "@/components/ui/app-link";
import { HighlightedSnippet } from "@/components/chat/highlighted-snippet";
import { searchMessages } from "@/lib/dal/search";
import { requirePageUser } from "@/lib/dal/session";
import { AppError } from "@/lib/errors";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "Search" };

type Props = { searchParams: Promise<{ q?: string | string[] }> };

export default async function SearchPage({ searchParams }: Props) {
  const me = await requirePageUser();
  const raw = (await searchParams).q;
  const q = typeof raw === "string" ? raw : "";
  let error = "";
  const results = q.trim()
    ? await searchMessages(me, { q }).catch((e: unknown) => {
        if (!(e instanceof AppError)) throw e;
        error = e.message;
        return [];
      })
    : [];

  return (
    <section className="flex min-h-0 flex-1 flex-col">
      <header className="border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <form role="search" action="/search" className="flex gap-2">
          <AppLink href="/" className="self-center text-sm text-indigo-600 md:hidden dark:text-indigo-400">
            ←
          </AppLink>
          <label htmlFor="search-q" className="sr-only">
            Search messages
          </label>
          <input
            id="search-q"
            name="q"
            type="search"
            defaultValue={q}
            placeholder="Search messages"
            autoFocus
            maxLength={200}
            className="min-w-0 flex-1 rounded-lg border border-zinc-300 bg-white px-3 py-2 outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 dark:border-zinc-700 dark:bg-zinc-900"
          />
          <Button size="lg">Search</Button>
        </form>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto" aria-live="polite">
        {error && <p className="p-4 text-sm text-red-600 dark:text-red-400">{error}</p>}
        {q.trim() && !error && results.length === 0 && <p className="p-4 text-zinc-500">No messages match “{q}”.</p>}
        {results.length > 0 && (
          <ul aria-label="Search results">
            {results.map((r) => (
              <li key={r.messageId}>
                <AppLink
                  href={`/c/${r.conversationId}?m=${r.messageId}`}
                  className="block border-b border-zinc-100 px-4 py-3 hover:bg-zinc-100 dark:border-zinc-900 dark:hover:bg-zinc-900"
                >
                  <span className="flex justify-between gap-2 text-sm">
                    <span className="truncate font-medium">
                      {r.conversationTitle}
                      {r.senderName && <span className="font-normal text-zinc-500"> · {r.senderName}</span>}
                    </span>
                    <LocalTime ms={r.createdAt} format="list" className="shrink-0 text-xs text-zinc-500" />
                  </span>
                  <span className="mt-1 block text-sm">
                    {r.attachmentLabel && <span className="text-zinc-500">{r.attachmentLabel} </span>}
                    <HighlightedSnippet snippet={r.snippet} />
                  </span>
                </AppLink>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
