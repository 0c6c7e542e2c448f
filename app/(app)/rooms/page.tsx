import type { Metadata } from "next";
import { AppLink } from "@/components/ui/app-link";
import { joinRoomAction, leaveRoomAction } from "@/app/(app)/groups/actions";
import { ActionForm } from "@/components/ui/action-form";
import { Avatar } from "@/components/ui/avatar";
import { Button, buttonClass } from "@/components/ui/button";
import { listPublicRooms } from "@/lib/dal/groups";
import { requirePageUser } from "@/lib/dal/session";

export const metadata: Metadata = { title: "Public rooms" };

export default async function RoomsPage() {
  const me = await requirePageUser();
  const rooms = await listPublicRooms(me);
  return (
    <section className="flex min-h-0 flex-1 flex-col">
      <header className="flex items-center gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <AppLink href="/" className="text-sm text-indigo-600 md:hidden dark:text-indigo-400">
          ←
        </AppLink>
        <h1 className="text-lg font-semibold">Public rooms</h1>
        <AppLink href="/groups/new" className="ml-auto text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          New group
        </AppLink>
      </header>
      <ul aria-label="Public rooms" className="min-h-0 flex-1 overflow-y-auto">
        {rooms.map((room) => (
          <li key={room.id} className="flex items-center gap-3 px-4 py-3">
            <Avatar name={room.name} />
            <span className="flex-1">
              <span className="block font-medium">{room.name}</span>
              <span className="text-sm text-zinc-500">
                {room.memberCount} members{room.archived && " · archived: read-only"}
              </span>
            </span>
            {room.joined ? (
              <span className="flex items-center gap-2">
                <AppLink href={`/c/${room.id}`} className={buttonClass({ size: "sm" })}>
                  Open {room.name}
                </AppLink>
                <ActionForm action={leaveRoomAction} hidden={{ conversationId: room.id }}>
                  <Button tone="secondary" size="sm">
                    Leave {room.name}
                  </Button>
                </ActionForm>
              </span>
            ) : (
              <ActionForm action={joinRoomAction} hidden={{ conversationId: room.id }}>
                <Button size="sm">Join {room.name}</Button>
              </ActionForm>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
