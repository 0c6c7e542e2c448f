import type { Metadata } from "next";
import { AppLink } from "@/components/ui/app-link";
import { notFound } from "next/navigation";
import { PresenceLabel } from "@/components/people/presence-label";
import { FullName } from "@/components/people/person-row";
import { RelationshipActions } from "@/components/people/relationship-actions";
import { Avatar } from "@/components/ui/avatar";
import { buttonClass } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { getPresence, getRelationship } from "@/lib/dal/contacts";
import { requirePageUser } from "@/lib/dal/session";
import { getProfile } from "@/lib/dal/users";
import { fullName } from "@/lib/display-name";

type Props = { params: Promise<{ username: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { username } = await params;
  return { title: decodeURIComponent(username) };
}

export default async function ProfilePage({ params }: Props) {
  const me = await requirePageUser();
  const { username } = await params;
  const profile = await getProfile(me, decodeURIComponent(username));
  if (!profile) notFound();
  const own = profile.id === me.id;
  const [relationship, presence] = own ? [null, null] : await Promise.all([getRelationship(me, profile.id), getPresence(me, profile.id)]);
  const name = fullName(profile);
  return (
    <section aria-label={`Profile of ${profile.username}`} className="flex flex-1 flex-col items-center gap-3 overflow-y-auto p-8 text-center">
      <Avatar name={profile.username} avatarId={profile.avatarId} size={112} />
      <h1 className="text-2xl font-semibold">{profile.username}</h1>
      {profile.deactivated && <p className="rounded bg-zinc-200 px-2 text-sm dark:bg-zinc-800">Deactivated</p>}
      {name && (
        <p className="text-zinc-600 dark:text-zinc-400">
          <FullName person={profile} />
        </p>
      )}
      {presence && (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          <PresenceLabel variant="people" presence={presence} />
        </p>
      )}
      {profile.bio && <p className="max-w-md whitespace-pre-wrap break-words">{profile.bio}</p>}
      <p className="text-sm text-zinc-500">
        Joined <LocalTime ms={profile.createdAt} format="date" />
      </p>
      {own ? (
        <AppLink href="/settings" className={buttonClass({ tone: "secondary", size: "sm" })}>
          Edit profile
        </AppLink>
      ) : (
        <RelationshipActions userId={profile.id} relationship={relationship!} />
      )}
    </section>
  );
}
