// Next.js's built-in page for unknown addresses styles itself with an inline <style> element, which
// the Content-Security-Policy (proxy.ts) refuses: this one uses the app's stylesheet instead.
// A plain link, not next/link: this page's scripts load with every page (as does app/forbidden.tsx's),
// and next/link there was a second copy of it on each page that has its own (about 3 kB gzip).
export default function NotFound() {
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-2 p-6 text-center">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="text-zinc-500">This page does not exist.</p>
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- see above: a full load of / is fine from here */}
      <a href="/" className="text-indigo-600 hover:underline dark:text-indigo-400">
        Back to Messenger
      </a>
    </main>
  );
}
