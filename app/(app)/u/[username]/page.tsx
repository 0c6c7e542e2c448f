import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MessageButton } from "@/components/people/message-button";
import { Avatar } from "@/components/ui/avatar";
import { requirePageUser } from "@/lib/dal/session";
import { getProfile } from "@/lib/dal/users";

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
  const fullName = `${profile.firstName} ${profile.lastName}`.trim();
  return (
    <section className="flex flex-1 flex-col items-center gap-3 overflow-y-auto p-8 text-center">
      <Avatar name={profile.username} size={112} />
      <h1 className="text-2xl font-semibold">{profile.username}</h1>
      {fullName && <p className="text-zinc-600 dark:text-zinc-400">{fullName}</p>}
      {profile.bio && <p className="max-w-md whitespace-pre-wrap">{profile.bio}</p>}
      <p className="text-sm text-zinc-500">
        Joined {new Date(profile.createdAt).toLocaleDateString(undefined, { month: "long", year: "numeric" })}
      </p>
      {profile.id !== me.id && <MessageButton userId={profile.id} />}
    </section>
  );
}
