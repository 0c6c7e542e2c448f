/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  outputFileTracingIncludes: { "/*": ["./db/migrations/**/*"] },
  // Native modules load from node_modules at run time instead of being bundled.
  serverExternalPackages: ["@node-rs/argon2", "@libsql/client", "libsql"],
  poweredByHeader: false,
};

export default nextConfig;
