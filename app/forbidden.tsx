// Styled by the app's stylesheet, like app/not-found.tsx, for the same reason (the CSP); a plain
// link for the same reason as there, too.
export default function Forbidden() {
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-2 p-6 text-center">
      <h1 className="text-lg font-semibold">Not allowed</h1>
      <p className="text-zinc-500">Only the server&apos;s admins can open this page.</p>
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- see above: a full load of / is fine from here */}
      <a href="/" className="text-indigo-600 hover:underline dark:text-indigo-400">
        Back to Messenger
      </a>
    </main>
  );
}
