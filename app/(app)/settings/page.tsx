import type { Metadata } from "next";
import { AvatarForm } from "@/components/settings/avatar-form";
import { BlockedList } from "@/components/settings/blocked-list";
import { DeleteAccountForm } from "@/components/settings/delete-account-form";
import { NotificationsForm } from "@/components/settings/notifications-form";
import { PasswordForm } from "@/components/settings/password-form";
import { ProfileForm } from "@/components/settings/profile-form";
import { SettingsSection } from "@/components/settings/settings-section";
import { SignOutEverywhereForm } from "@/components/settings/sign-out-everywhere-form";
import { UsernameForm } from "@/components/settings/username-form";
import { Invitations } from "@/components/admin/invitations";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { getAccount } from "@/lib/dal/account";
import { getSignUpPolicy, isServerAdmin, listInvites } from "@/lib/dal/admin";
import { listBlockedUsers } from "@/lib/dal/blocks";
import { getHidePreviews } from "@/lib/dal/push";
import { requirePageUser } from "@/lib/dal/session";
import { vapidKeys } from "@/lib/push/vapid";

export const metadata: Metadata = { title: "Settings" };

type Props = { searchParams: Promise<{ password?: string | string[] }> };

export default async function SettingsPage({ searchParams }: Props) {
  const me = await requirePageUser();
  const passwordChanged = (await searchParams).password === "changed";
  const [account, blocked, hidePreviews, policy, admin] = await Promise.all([
    getAccount(me),
    listBlockedUsers(me),
    getHidePreviews(me),
    getSignUpPolicy(),
    isServerAdmin(me.id),
  ]);
  // Admins invite from /admin; members here, when the admins allow it.
  const invites = policy.membersMayInvite && !admin ? await listInvites(me) : null;
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <PageHeader title="Settings" />
      <div className="min-h-0 flex-1 overflow-y-auto">
        <SettingsSection title="Picture" description="Shown next to your name everywhere.">
          <AvatarForm username={account.username} avatarId={account.avatarId} />
        </SettingsSection>
        <SettingsSection title="Profile" description="Anyone can see your name and bio on your profile.">
          <ProfileForm profile={account} />
        </SettingsSection>
        <SettingsSection title="Username">
          <UsernameForm username={account.username} />
        </SettingsSection>
        <SettingsSection title="Password" description="Changing it signs you out on every other device.">
          <PasswordForm notice={passwordChanged ? "Password changed. Every other session is signed out." : undefined} />
        </SettingsSection>
        <SettingsSection title="Sessions" description="Signs you out on every device, this one included.">
          <SignOutEverywhereForm />
        </SettingsSection>
        <SettingsSection title="Notifications" description="Push notifications for new messages in direct chats, on the devices you choose.">
          <NotificationsForm vapidPublicKey={vapidKeys()?.publicKey ?? null} hidePreviews={hidePreviews} />
        </SettingsSection>
        {invites && (
          <SettingsSection title="Invitations" description="Links that let people you know create an account on this server.">
            <Invitations invites={invites} />
          </SettingsSection>
        )}
        <SettingsSection title="Blocked people" description="They cannot message you, start a chat with you, add you to a group or send you a request.">
          <BlockedList people={blocked} />
        </SettingsSection>
        <SettingsSection title="Your data" description="Your profile, contacts and the messages you sent, as a JSON file.">
          <a href="/api/account/export" download className={buttonClass({ tone: "secondary", className: "self-start" })}>
            Download my data
          </a>
        </SettingsSection>
        <SettingsSection
          title="Delete account"
          description="Removes your profile, picture, contacts and memberships for good. Messages you sent stay in others' chats, from “Deleted user”."
        >
          <DeleteAccountForm />
        </SettingsSection>
      </div>
    </div>
  );
}
