import { AppLink } from "@/components/ui/app-link";

export default function NotFound() {
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-2 p-6 text-center">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="text-zinc-500">This page does not exist, or it is not yours to see.</p>
      <AppLink href="/" className="text-indigo-600 hover:underline dark:text-indigo-400">
        Back to chats
      </AppLink>
    </div>
  );
}
