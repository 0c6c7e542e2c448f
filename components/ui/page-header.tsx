import { AppLink } from "@/components/ui/app-link";

/**
 * A page's title bar. On narrow screens the page replaces the chat list, so it offers the way back;
 * `children` (a search form) sit under the title.
 */
export function PageHeader({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <header className="flex flex-col gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
      <div>
        <AppLink href="/" className="mr-3 text-sm text-indigo-600 md:hidden dark:text-indigo-400">
          ← Chats
        </AppLink>
        <h1 className="inline text-lg font-semibold">{title}</h1>
      </div>
      {children}
    </header>
  );
}
