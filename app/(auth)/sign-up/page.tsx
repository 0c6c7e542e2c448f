import type { Metadata } from "next";
import { AuthForm } from "@/components/auth/auth-form";
import { getSignUpPolicy, inviteProblem } from "@/lib/dal/admin";
import { signUpAction } from "../actions";

export const metadata: Metadata = { title: "Sign up" };

/** The notice says up front what the form would answer: the action decides all the same. */
export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).invite;
  const invite = typeof raw === "string" && raw.length <= 64 ? raw : undefined;
  const { mode } = await getSignUpPolicy();
  const problem = invite ? await inviteProblem(invite) : null;
  const notice =
    mode === "closed"
      ? "Sign-up is closed on this server."
      : problem && mode === "invite-only"
        ? problem
        : mode === "invite-only" && !invite
          ? "Sign-up on this server is by invitation only: open the link you were sent."
          : undefined;
  return <AuthForm mode="sign-up" action={signUpAction} invite={invite} notice={notice} />;
}
