import type { Metadata } from "next";
import { AppLink } from "@/components/ui/app-link";
import { forbidden } from "next/navigation";
import { AdminLiveRefresh } from "@/components/admin/admin-live-refresh";
import { Invitations } from "@/components/admin/invitations";
import { SettingsSection } from "@/components/settings/settings-section";
import { ActionForm } from "@/components/ui/action-form";
import { Button, buttonClass } from "@/components/ui/button";
import { compactInputClass } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { getSignUpPolicy, isServerAdmin, listAccounts, listAuditLog, listInvites, listOpenReports } from "@/lib/dal/admin";
import { listRoomsForAdmin } from "@/lib/dal/rooms";
import { requirePageUser } from "@/lib/dal/session";
import {
  createRoomAction,
  renameRoomAction,
  setRoomArchivedAction,
  setRoomModeratorAction,
  resolveReportAction,
  setDeactivatedAction,
  setServerAdminAction,
  setSignUpPolicyAction,
} from "./actions";

export const metadata: Metadata = { title: "Admin" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

type OneFieldFormProps = Omit<React.ComponentProps<typeof ActionForm>, "children" | "className"> &
  Omit<React.InputHTMLAttributes<HTMLInputElement>, "hidden"> & { submit: string };

/** A one-line form of the rooms section: one required text field and its button. */
function OneFieldForm({ action, hidden, submit, ...field }: OneFieldFormProps) {
  return (
    <ActionForm action={action} hidden={hidden} className="flex flex-wrap items-start gap-2">
      <input maxLength={64} required className={compactInputClass} {...field} />
      <Button tone="secondary" size="xs">
        {submit}
      </Button>
    </ActionForm>
  );
}

export default async function AdminPage({ searchParams }: Props) {
  const me = await requirePageUser();
  if (!(await isServerAdmin(me.id))) forbidden();
  const params = await searchParams;
  const q = typeof params.q === "string" ? params.q.slice(0, 100) : "";
  const page = typeof params.page === "string" && /^\d{1,6}$/.test(params.page) ? Math.max(1, Number(params.page)) : 1;
  const [policy, invites, reports, accounts, audit, rooms] = await Promise.all([
    getSignUpPolicy(),
    listInvites(me),
    listOpenReports(me),
    listAccounts(me, { q, page }),
    listAuditLog(me),
    listRoomsForAdmin(me),
  ]);
  const pageLink = (n: number) => `/admin?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) })}#accounts`;
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <AdminLiveRefresh userId={me.id} />
      <PageHeader title="Admin" />
      <div className="min-h-0 flex-1 overflow-y-auto">
        <SettingsSection title="Reports" description="Messages members reported, oldest first.">
          {reports.length === 0 ? (
            <p className="text-sm text-zinc-500">No open reports.</p>
          ) : (
            <ul className="flex flex-col gap-3" aria-label="Open reports">
              {reports.map((r) => (
                <li key={r.id} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
                  <p className="text-sm">
                    <span className="font-medium">{r.reporter ?? "A deleted account"}</span> reported a message by{" "}
                    <span className="font-medium">{r.message.sender ?? "a deleted account"}</span>{" "}
                    <LocalTime ms={r.createdAt} format="list" className="text-zinc-500" />
                  </p>
                  <blockquote className="my-2 border-l-2 border-zinc-300 pl-2 text-sm whitespace-pre-wrap [unicode-bidi:isolate] dark:border-zinc-700">
                    {r.message.deleted ? <em>Deleted</em> : r.message.body}
                  </blockquote>
                  <p className="text-sm text-zinc-600 dark:text-zinc-400">Reason: {r.reason}</p>
                  <div className="mt-2 flex flex-wrap items-start gap-2">
                    <AppLink className={buttonClass({ tone: "secondary", size: "xs" })} href={`/c/${r.message.conversationId}?m=${r.message.id}`}>
                      Open in chat
                    </AppLink>
                    <ActionForm action={resolveReportAction} hidden={{ reportId: String(r.id), resolution: "deleted" }}>
                      <Button tone="danger" size="xs">
                        Delete message
                      </Button>
                    </ActionForm>
                    {r.message.senderId && r.message.senderId !== me.id && (
                      <ActionForm action={resolveReportAction} hidden={{ reportId: String(r.id), resolution: "deactivated" }}>
                        <Button tone="danger" size="xs">
                          Delete and deactivate {r.message.sender}
                        </Button>
                      </ActionForm>
                    )}
                    <ActionForm action={resolveReportAction} hidden={{ reportId: String(r.id), resolution: "dismissed" }}>
                      <Button tone="secondary" size="xs">
                        Dismiss
                      </Button>
                    </ActionForm>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </SettingsSection>

        <SettingsSection title="Public rooms" description="Rooms anyone can join from Rooms. An archived room is read-only; its members keep its history.">
          <OneFieldForm action={createRoomAction} name="name" aria-label="New room's name" placeholder="Room name" submit="Create room" />
          <ul className="flex flex-col gap-3" aria-label="Rooms">
            {rooms.map((room) => (
              <li key={room.id} aria-label={room.name} className="flex flex-col gap-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
                <p className="text-sm">
                  <AppLink href={`/c/${room.id}`} className="font-medium hover:underline">
                    {room.name}
                  </AppLink>{" "}
                  <span className="text-zinc-500">· {room.memberCount} members</span>
                  {room.archived && <span className="ml-1 rounded bg-zinc-200 px-1 text-xs dark:bg-zinc-800">archived</span>}
                </p>
                <div className="flex flex-wrap items-start gap-2">
                  <OneFieldForm
                    action={renameRoomAction}
                    hidden={{ conversationId: room.id }}
                    name="name"
                    aria-label={`New name for ${room.name}`}
                    defaultValue={room.name}
                    submit="Rename"
                  />
                  {!room.general && (
                    <ActionForm action={setRoomArchivedAction} hidden={{ conversationId: room.id, archived: room.archived ? "false" : "true" }}>
                      <Button tone={room.archived ? "secondary" : "danger"} size="xs">
                        {room.archived ? `Unarchive ${room.name}` : `Archive ${room.name}`}
                      </Button>
                    </ActionForm>
                  )}
                </div>
                <div className="flex flex-wrap items-start gap-2 text-sm">
                  <span className="py-1 text-zinc-500">Moderators:</span>
                  {room.moderators.length === 0 && <span className="py-1 text-zinc-500">none</span>}
                  {room.moderators.map((m) => (
                    <ActionForm key={m.id} action={setRoomModeratorAction} hidden={{ conversationId: room.id, username: m.username, moderator: "false" }}>
                      <Button tone="secondary" size="xs" aria-label={`Remove ${m.username} as moderator of ${room.name}`}>
                        {m.username} ✕
                      </Button>
                    </ActionForm>
                  ))}
                  <OneFieldForm
                    action={setRoomModeratorAction}
                    hidden={{ conversationId: room.id, moderator: "true" }}
                    name="username"
                    aria-label={`Member to make moderator of ${room.name}`}
                    placeholder="username"
                    submit="Make moderator"
                  />
                </div>
              </li>
            ))}
          </ul>
        </SettingsSection>

        <SettingsSection title="Sign-up" description="Who may create an account on this server.">
          <ActionForm action={setSignUpPolicyAction} className="flex flex-col gap-2">
            <fieldset className="flex flex-col gap-1 text-sm">
              <legend className="sr-only">Sign-up mode</legend>
              {(
                [
                  ["open", "Open: anyone who finds the server"],
                  ["invite-only", "Invite-only: people with an invitation link"],
                  ["closed", "Closed: no one"],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="flex items-center gap-2">
                  <input type="radio" name="mode" value={value} defaultChecked={policy.mode === value} />
                  {label}
                </label>
              ))}
            </fieldset>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="membersMayInvite" defaultChecked={policy.membersMayInvite} />
              Members may make invitation links too
            </label>
            <Button tone="secondary" size="xs" className="self-start">
              Save sign-up
            </Button>
          </ActionForm>
        </SettingsSection>

        <SettingsSection title="Invitations" description="Each link admits as many people as it allows, until it expires or is revoked.">
          <Invitations invites={invites} />
        </SettingsSection>

        <section id="accounts" aria-labelledby="admin-accounts" className="flex flex-col gap-3 border-b border-zinc-200 px-4 py-6 dark:border-zinc-800">
          <h2 id="admin-accounts" className="text-base font-semibold">
            Accounts
          </h2>
          <form action="/admin" className="flex gap-2" role="search">
            <input name="q" defaultValue={q} aria-label="Search accounts" placeholder="Username or name" className={`${compactInputClass} flex-1`} />
            <Button tone="secondary" size="xs">
              Search
            </Button>
          </form>
          <table className="w-full text-left text-sm">
            <thead className="text-zinc-500">
              <tr>
                <th className="py-1 font-normal">Account</th>
                <th className="py-1 font-normal">Joined</th>
                <th className="py-1 font-normal">Last seen</th>
                <th className="py-1 font-normal">Messages</th>
                <th className="py-1 font-normal">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.accounts.map((a) => (
                <tr key={a.id} className="border-t border-zinc-100 align-top dark:border-zinc-900" aria-label={a.username}>
                  <td className="py-2">
                    <AppLink href={`/u/${a.username}`} className="font-medium hover:underline">
                      {a.username}
                    </AppLink>
                    {a.role === "admin" && (
                      <span className="ml-1 rounded bg-indigo-100 px-1 text-xs text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200">admin</span>
                    )}
                    {a.deactivated && <span className="ml-1 rounded bg-zinc-200 px-1 text-xs dark:bg-zinc-800">deactivated</span>}
                  </td>
                  <td className="py-2">
                    <LocalTime ms={a.joinedAt} format="date" />
                  </td>
                  <td className="py-2">{a.lastSeenAt ? <LocalTime ms={a.lastSeenAt} format="list" /> : "never"}</td>
                  <td className="py-2">{a.messagesSent}</td>
                  <td className="flex flex-wrap gap-1 py-2">
                    <ActionForm action={setServerAdminAction} hidden={{ userId: a.id, admin: a.role === "admin" ? "false" : "true" }}>
                      <Button tone="secondary" size="xs">
                        {a.role === "admin" ? "Remove admin" : "Make admin"}
                      </Button>
                    </ActionForm>
                    {a.id !== me.id && (
                      <ActionForm action={setDeactivatedAction} hidden={{ userId: a.id, deactivated: a.deactivated ? "false" : "true" }}>
                        <Button tone={a.deactivated ? "secondary" : "danger"} size="xs">
                          {a.deactivated ? "Reactivate" : "Deactivate"}
                        </Button>
                      </ActionForm>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav aria-label="Account pages" className="flex gap-3 text-sm">
            {page > 1 && <AppLink href={pageLink(page - 1)}>← Previous</AppLink>}
            <span className="text-zinc-500">Page {page}</span>
            {accounts.hasMore && <AppLink href={pageLink(page + 1)}>Next →</AppLink>}
          </nav>
        </section>

        <SettingsSection title="Audit log" description="Every admin action: who, what, when. It is in no one's data export.">
          {audit.length === 0 ? (
            <p className="text-sm text-zinc-500">Nothing yet.</p>
          ) : (
            <ol className="flex flex-col gap-1 text-sm" aria-label="Audit log">
              {audit.map((e) => (
                <li key={e.id}>
                  <LocalTime ms={e.at} format="list" className="text-zinc-500" /> <span className="font-medium">{e.actor}</span> {e.action}
                  {e.target && <> {e.target}</>}
                  {e.detail && <span className="text-zinc-500"> ({e.detail})</span>}
                </li>
              ))}
            </ol>
          )}
        </SettingsSection>
      </div>
    </div>
  );
}
