import { startDirectConversationAction } from "@/app/(app)/actions";
import {
  acceptFriendRequestAction,
  blockUserAction,
  cancelFriendRequestAction,
  declineFriendRequestAction,
  removeContactAction,
  sendFriendRequestAction,
  unblockUserAction,
} from "@/app/(app)/contacts/actions";
import type { Relationship } from "@/lib/dto";
import { ActionButton } from "./action-button";

/** The buttons a profile offers, according to how the viewer stands with this person. */
export function RelationshipActions({ userId, relationship }: { userId: string; relationship: Relationship }) {
  if (relationship.blocked) {
    return (
      <div className="flex flex-col items-center gap-2">
        <p className="text-sm text-zinc-500">You blocked this person. They cannot message you or send you requests.</p>
        <ActionButton action={unblockUserAction} userId={userId} label="Unblock" />
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-start justify-center gap-2">
      <ActionButton action={startDirectConversationAction} userId={userId} label="Message" tone="primary" />
      {relationship.contact === "none" && <ActionButton action={sendFriendRequestAction} userId={userId} label="Add contact" tone="primary" />}
      {relationship.contact === "outgoing" && <ActionButton action={cancelFriendRequestAction} userId={userId} label="Cancel request" />}
      {relationship.contact === "incoming" && (
        <>
          <ActionButton action={acceptFriendRequestAction} userId={userId} label="Accept" tone="primary" />
          <ActionButton action={declineFriendRequestAction} userId={userId} label="Decline" />
        </>
      )}
      {relationship.contact === "accepted" && <ActionButton action={removeContactAction} userId={userId} label="Remove contact" />}
      <ActionButton action={blockUserAction} userId={userId} label="Block" tone="dangerOutline" />
    </div>
  );
}
