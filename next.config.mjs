/**
 * Headers for every response: pages, route handlers, avatars and static files. Pages get their
 * Content-Security-Policy, which needs a fresh nonce, from proxy.ts; route handlers answer JSON
 * and images, which need no script, style or connection at all.
 */
function securityHeaders() {
  const everywhere = [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    // For browsers older than CSP's frame-ancestors.
    { key: "X-Frame-Options", value: "DENY" },
  ];
  // Production builds only: `next dev` on http://localhost must not pin localhost to https.
  // Browsers ignore it over plain http, so a production server tried over http is unaffected.
  if (process.env.NODE_ENV === "production") {
    everywhere.push({ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" });
  }
  return [
    { source: "/:path*", headers: everywhere },
    {
      source: "/api/:path*",
      // sandbox: a file served from /api/files that a browser opens anyway runs nothing.
      headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; sandbox" }],
    },
    {
      // The service worker's own policy governs what it fetches: the app's origin only, and no
      // imported or evaluated script. Never cached by HTTP, so a new version is found on the next visit.
      source: "/sw.js",
      headers: [
        { key: "Content-Security-Policy", value: "default-src 'self'; script-src 'self'; frame-ancestors 'none'" },
        { key: "Cache-Control", value: "no-cache, no-store, must-revalidate" },
      ],
    },
  ];
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  outputFileTracingIncludes: { "/*": ["./db/migrations/**/*"] },
  // Native modules load from node_modules at run time instead of being bundled.
  serverExternalPackages: ["@node-rs/argon2", "@libsql/client", "libsql"],
  poweredByHeader: false,
  // `next dev` serves its scripts and HMR only to origins it allows, and allows only localhost by
  // default: at http://127.0.0.1:3000 the page would never hydrate. Development only.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  headers: async () => securityHeaders(),
  experimental: {
    // forbidden(): /admin answers a non-admin 403 (app/forbidden.tsx), not a page that says so with 200.
    authInterrupts: true,
    // Fewer, larger first-load scripts (Turbopack's default cuts chunks down to a few kB): the chat
    // page loads 7 instead of 11, and gzip finds more to share within each (2.3 kB less for it).
    turbopackChunking: { minChunkSize: 150_000 },
  },
  // `npm test` type-checks the whole project, tests and Next's route types (`next typegen`) included,
  // before it builds: the build's own check would repeat it. Every other build checks for itself.
  typescript: { ignoreBuildErrors: process.env.MESSENGER_TYPECHECKED === "1" },
};

export default nextConfig;
