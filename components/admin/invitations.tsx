import { createInviteAction, revokeInviteAction } from "@/app/(app)/admin/actions";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { compactInputClass } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import type { listInvites } from "@/lib/dal/admin";
import { InviteLink } from "./copy-link";

/** Making and revoking invitation links: on /admin, and on /settings for members when admins allow it. */
export function Invitations({ invites }: { invites: Awaited<ReturnType<typeof listInvites>> }) {
  return (
    <>
      <ActionForm action={createInviteAction} className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-sm">
          Uses
          <input name="maxUses" type="number" min={1} max={100} defaultValue={1} className={`${compactInputClass} w-20`} />
        </label>
        <label className="flex flex-col text-sm">
          Expires after (hours)
          <input name="expiresInHours" type="number" min={1} max={720} defaultValue={72} className={`${compactInputClass} w-24`} />
        </label>
        <Button tone="secondary" size="xs">
          Make invitation
        </Button>
      </ActionForm>
      {invites.length > 0 && (
        <ul className="flex flex-col gap-2" aria-label="Invitations">
          {invites.map((i) => (
            <li key={i.id} className="flex flex-col gap-1 text-sm">
              <InviteLink token={i.id} />
              <span className="text-zinc-500">
                {i.state} · {i.uses} of {i.maxUses} used · by {i.createdByUsername ?? "a deleted account"} · expires{" "}
                <LocalTime ms={i.expiresAt} format="list" />
              </span>
              {i.state === "active" && (
                <ActionForm action={revokeInviteAction} hidden={{ inviteId: i.id }}>
                  <Button tone="secondary" size="xs">
                    Revoke
                  </Button>
                </ActionForm>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
