import Link from "next/link";

// Next.js's built-in page for unknown addresses styles itself with an inline <style> element, which
// the Content-Security-Policy (proxy.ts) refuses: this one uses the app's stylesheet instead.
export default function NotFound() {
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-2 p-6 text-center">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="text-zinc-500">This page does not exist.</p>
      <Link href="/" className="text-indigo-600 hover:underline dark:text-indigo-400">
        Back to Messenger
      </Link>
    </main>
  );
}
