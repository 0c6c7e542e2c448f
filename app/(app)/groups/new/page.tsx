import type { Metadata } from "next";
import { createGroupAction } from "@/app/(app)/groups/actions";
import { PeoplePicker } from "@/components/groups/people-picker";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { requirePageUser } from "@/lib/dal/session";
import { listContacts } from "@/lib/dal/contacts";

export const metadata: Metadata = { title: "New group" };

export default async function NewGroupPage() {
  const me = await requirePageUser();
  const people = await listContacts(me);
  return (
    <section className="mx-auto flex w-full max-w-lg flex-col gap-4 overflow-y-auto p-6">
      <h1 className="text-xl font-semibold">New group</h1>
      <ActionForm action={createGroupAction} className="flex flex-col gap-4">
        <div className="flex flex-col gap-1">
          <label htmlFor="group-name" className="text-sm font-medium">
            Group name
          </label>
          <input
            id="group-name"
            name="name"
            maxLength={64}
            required
            className="rounded-lg border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
          />
        </div>
        <PeoplePicker people={people} name="memberIds" legend="Members (from your contacts)" />
        <Button size="lg" className="self-start">
          Create group
        </Button>
      </ActionForm>
    </section>
  );
}
