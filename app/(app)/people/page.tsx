import type { Metadata } from "next";
import Link from "next/link";
import { Avatar } from "@/components/ui/avatar";
import { requirePageUser } from "@/lib/dal/session";
import { listUsers } from "@/lib/dal/users";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage() {
  const me = await requirePageUser();
  const people = await listUsers(me, { limit: 500 });
  return (
    <section className="flex min-h-0 flex-1 flex-col">
      <header className="border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <Link href="/" className="mr-3 text-sm text-indigo-600 md:hidden dark:text-indigo-400">
          ← Chats
        </Link>
        <h1 className="inline text-lg font-semibold">People</h1>
      </header>
      <ul className="min-h-0 flex-1 overflow-y-auto">
        {people.map((p) => (
          <li key={p.id}>
            <Link href={`/u/${p.username}`} className="flex items-center gap-3 px-4 py-3 hover:bg-zinc-100 dark:hover:bg-zinc-900">
              <Avatar name={p.username} />
              <span className="min-w-0">
                <span className="block truncate font-medium">{p.username}</span>
                {(p.firstName || p.lastName) && (
                  <span className="block truncate text-sm text-zinc-500">{`${p.firstName} ${p.lastName}`.trim()}</span>
                )}
              </span>
              {p.id === me.id && <span className="ml-auto text-xs text-zinc-500">you</span>}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
