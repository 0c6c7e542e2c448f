import { redirect } from "next/navigation";
import { ForgetPrivatePages } from "@/components/pwa/service-worker";
import { getSessionUser } from "@/lib/dal/session";

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  if (await getSessionUser()) redirect("/");
  return (
    <main className="flex min-h-full items-center justify-center p-6">
      <ForgetPrivatePages />
      {children}
    </main>
  );
}
