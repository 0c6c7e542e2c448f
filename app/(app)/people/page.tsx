import type { Metadata } from "next";
import { AppLink } from "@/components/ui/app-link";
import { PersonRow } from "@/components/people/person-row";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/dal/session";
import { findPeople } from "@/lib/dal/users";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "People" };

type Props = { searchParams: Promise<{ q?: string | string[]; after?: string | string[] }> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function PeoplePage({ searchParams }: Props) {
  const me = await requirePageUser();
  const params = await searchParams;
  const q = first(params.q) ?? "";
  const after = first(params.after);
  let result: Awaited<ReturnType<typeof findPeople>> = { people: [], nextAfter: null };
  let error = "";
  try {
    result = await findPeople(me, { q, after });
  } catch (caught) {
    if (!(caught instanceof AppError)) throw caught;
    error = caught.message;
  }
  const next = result.nextAfter ? `/people?${new URLSearchParams({ ...(q ? { q } : {}), after: result.nextAfter })}` : null;

  return (
    <section className="flex min-h-0 flex-1 flex-col">
      <PageHeader title="People">
        <form role="search" action="/people" className="flex gap-2">
          <label htmlFor="people-q" className="sr-only">
            Search people
          </label>
          <input
            id="people-q"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={64}
            placeholder="Search by username or name"
            aria-describedby="people-q-error"
            className="min-w-0 flex-1 rounded-lg border border-zinc-300 bg-white px-3 py-2 outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 dark:border-zinc-700 dark:bg-zinc-900"
          />
          <Button size="lg">Search</Button>
        </form>
        <p id="people-q-error" aria-live="polite" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      </PageHeader>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {result.people.length === 0 && !error ? (
          <p className="p-4 text-sm text-zinc-500">{q ? `No one matches “${q}”.` : "No one here yet."}</p>
        ) : (
          <ul aria-label={q ? "Search results" : "Everyone"}>
            {result.people.map((p) => (
              <li key={p.id}>
                <PersonRow person={p}>{p.id === me.id && <span className="text-xs text-zinc-500">you</span>}</PersonRow>
              </li>
            ))}
          </ul>
        )}
        <nav aria-label="Pages" className="flex justify-between px-4 py-3 text-sm">
          {after ? (
            <AppLink href={q ? `/people?${new URLSearchParams({ q })}` : "/people"} className="text-indigo-600 hover:underline dark:text-indigo-400">
              ← First page
            </AppLink>
          ) : (
            <span />
          )}
          {next && (
            <AppLink href={next} className="text-indigo-600 hover:underline dark:text-indigo-400">
              Next page →
            </AppLink>
          )}
        </nav>
      </div>
    </section>
  );
}
