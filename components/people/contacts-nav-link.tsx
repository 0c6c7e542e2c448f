import { AppLink } from "@/components/ui/app-link";

/** The Contacts tab, with the number of requests waiting for an answer. LiveRefresh keeps it current. */
export function ContactsNavLink({ pending, className }: { pending: number; className: string }) {
  const label = `${pending} new request${pending === 1 ? "" : "s"}`;
  return (
    <AppLink href="/contacts" className={`${className} inline-flex items-center gap-1.5`}>
      Contacts
      {pending > 0 && (
        <span aria-label={label} className="rounded-full bg-red-600 px-1.5 text-xs font-semibold leading-5 text-white">
          {pending > 99 ? "99+" : pending}
        </span>
      )}
    </AppLink>
  );
}
