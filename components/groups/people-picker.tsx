import { Avatar } from "@/components/ui/avatar";
import { fullName } from "@/lib/display-name";
import type { UserSummary } from "@/lib/dto";

/** Checkboxes for choosing people; each is labelled with the person's name and username. */
export function PeoplePicker({ people, name, legend }: { people: UserSummary[]; name: string; legend: string }) {
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      {people.length === 0 && <p className="text-sm text-zinc-500">Nobody to choose yet.</p>}
      <ul className="max-h-72 overflow-y-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        {people.map((p) => (
          <li key={p.id}>
            <label className="flex items-center gap-3 px-3 py-2 hover:bg-zinc-50 dark:hover:bg-zinc-900">
              <input type="checkbox" name={name} value={p.id} className="size-4" />
              <Avatar name={fullName(p) || p.username} avatarId={p.avatarId} size={28} />
              <span className="min-w-0">
                <span className="block truncate">{fullName(p) || p.username}</span>
                {fullName(p) && <span className="block truncate text-xs text-zinc-500">{p.username}</span>}
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
