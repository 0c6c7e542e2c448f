import type { Metadata } from "next";
import { AppLink } from "@/components/ui/app-link";
import { notFound } from "next/navigation";
import { addMembersAction, leaveGroupAction, changeMemberAction, renameGroupAction } from "@/app/(app)/groups/actions";
import { PeoplePicker } from "@/components/groups/people-picker";
import { ActionForm } from "@/components/ui/action-form";
import { Avatar } from "@/components/ui/avatar";
import { AvatarUploadForm } from "@/components/ui/avatar-upload-form";
import { Button } from "@/components/ui/button";
import { getConversationForUser } from "@/lib/dal/conversations";
import { listGroupMembers } from "@/lib/dal/groups";
import { requirePageUser } from "@/lib/dal/session";
import { listContacts } from "@/lib/dal/contacts";
import { displayName } from "@/lib/display-name";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Group info" };

export default async function GroupInfoPage({ params }: { params: Promise<{ conversationId: string }> }) {
  const me = await requirePageUser();
  const { conversationId } = await params;
  const loaded = await Promise.all([getConversationForUser(me, conversationId), listGroupMembers(me, conversationId)]).catch((error: unknown) => {
    if (error instanceof AppError && error.status < 500) notFound();
    throw error;
  });
  const [conversation, members] = loaded;
  if (conversation.kind !== "group") notFound();
  const amAdmin = members.some((m) => m.id === me.id && m.role === "admin");
  const adder = members.find((m) => m.id === me.id)?.addedBy ?? null;
  const memberIds = new Set(members.map((m) => m.id));
  const addable = amAdmin ? (await listContacts(me)).filter((p) => !memberIds.has(p.id)) : [];
  const hidden = { conversationId: conversation.id };

  return (
    <section className="flex min-h-0 flex-1 flex-col gap-6 overflow-y-auto p-6">
      <header className="flex items-center gap-3">
        <AppLink href={`/c/${conversation.id}`} className="text-sm text-indigo-600 dark:text-indigo-400">
          ← Back to chat
        </AppLink>
        <Avatar name={conversation.title} avatarId={conversation.avatarId} size={40} />
        <h1 className="text-xl font-semibold">{conversation.title}</h1>
      </header>

      {amAdmin && (
        <AvatarUploadForm
          endpoint={`/api/conversations/${conversation.id}/avatar`}
          label="Group picture"
          hint="JPEG, PNG, WebP or GIF, up to 5 MB."
          submitLabel="Upload group picture"
          preview={<Avatar name={conversation.title} avatarId={conversation.avatarId} size={72} />}
        />
      )}

      {amAdmin && (
        <ActionForm action={renameGroupAction} hidden={hidden} className="flex max-w-md flex-col gap-2">
          <label htmlFor="rename" className="text-sm font-medium">
            Group name
          </label>
          <div className="flex gap-2">
            <input
              id="rename"
              name="name"
              defaultValue={conversation.title}
              maxLength={64}
              className="flex-1 rounded-lg border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
            />
            <Button tone="secondary" size="xs">
              Rename
            </Button>
          </div>
        </ActionForm>
      )}

      <div>
        <h2 className="mb-2 font-semibold">{members.length} members</h2>
        <ul aria-label="Members" className="flex max-w-md flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
          {members.map((m) => {
            const name = displayName(m);
            return (
              <li key={m.id} className="flex items-center gap-3 py-2">
                <Avatar name={name} avatarId={m.avatarId} size={32} />
                <span className="min-w-0 flex-1">
                  <AppLink href={`/u/${m.username}`} className="hover:underline">
                    {name}
                  </AppLink>
                  {m.id === me.id && " (you)"}
                  {m.role === "admin" && <span className="ml-2 rounded bg-zinc-200 px-1.5 text-xs dark:bg-zinc-800">admin</span>}
                  {m.deactivated && <span className="ml-2 text-xs text-zinc-500">Deactivated</span>}
                  {name !== m.username && <span className="block truncate text-sm text-zinc-500">{m.username}</span>}
                </span>
                {amAdmin && m.id !== me.id && (
                  <ActionForm action={changeMemberAction} hidden={{ ...hidden, userId: m.id }} className="flex items-center gap-1">
                    <Button tone="secondary" size="xs" name="intent" value={m.role === "admin" ? "remove-admin" : "make-admin"}>
                      {m.role === "admin" ? `Remove ${name} as admin` : `Make ${name} admin`}
                    </Button>
                    <Button tone="secondary" size="xs" name="intent" value="remove">
                      Remove {name}
                    </Button>
                  </ActionForm>
                )}
              </li>
            );
          })}
        </ul>
      </div>

      {amAdmin && (
        <ActionForm action={addMembersAction} hidden={hidden} className="flex max-w-md flex-col gap-2">
          <PeoplePicker people={addable} name="userIds" legend="Add contacts" />
          <Button tone="secondary" size="xs" className="self-start">
            Add to group
          </Button>
        </ActionForm>
      )}

      <ActionForm action={leaveGroupAction} hidden={hidden} className="flex flex-wrap items-center gap-2">
        <Button tone="dangerOutline" size="sm">
          Leave group
        </Button>
        {adder && (
          <Button tone="dangerOutline" size="sm" name="block" value="adder">
            Leave and block {adder.username}, who added you
          </Button>
        )}
      </ActionForm>
    </section>
  );
}
