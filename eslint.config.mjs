import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The line between browser and server, by folder. `import "server-only"` stops a build that
// crosses it; these rules say so in the editor, and also catch what that marker cannot: zod, which
// would load in every browser (see lib/profile-rules.ts), and the DAL's actor-less helpers.

/** Server code: it needs secrets, the database or Node, or it carries zod. */
const serverOnly = {
  group: [
    "@/db",
    "@/db/**",
    "@/lib/dal/**",
    "@/lib/storage/**",
    "@/lib/push/**",
    "@/lib/http/**",
    "@/lib/validations/**",
    "@/lib/*/process",
    "@/lib/realtime/server",
    ...["auth", "env", "password", "session-token", "health", "server-start", "request-log", "describe", "rate-limits", "run-action", "form-data"].map(
      (m) => `@/lib/${m}`,
    ),
    "server-only",
    "zod",
    "zod/**",
    "node:*",
  ],
  // A type import is erased: it ships nothing, so a browser module may describe what the server sends.
  allowTypeImports: true,
  message: "Browser code: server-only modules and zod stay out of the bundle (lib/client/ and shared lib/ modules only).",
};

/** Helpers that take no acting user; only the DAL, which checks access first, may call them. */
const actorless = {
  group: ["@/lib/dal/internal", "@/lib/dal/internal/**"],
  message: "Pages and components call lib/dal/* functions that take the acting user; lib/dal/internal skips that check.",
};

/** One way to link within the app (components/ui/app-link.tsx says why). */
const nextLink = {
  name: "next/link",
  message: "Use AppLink (components/ui/app-link.tsx): no prefetch of every link in view, and 2.7 kB less JavaScript on every page.",
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { paths: [nextLink], patterns: [actorless] }] },
  },
  {
    // Everything that runs in the browser: components, lib/client, and the lib modules shared with it.
    files: [
      "components/**/*.{ts,tsx}",
      "lib/client/**/*.ts",
      "lib/{dto,errors,log,action-result,display-name,format-bytes,markdown,mentions,search-markers}.ts",
      "lib/{message,mute,profile}-rules.ts",
      "lib/realtime/{channels,events,reconnect,auth-batcher,sign-in}.ts",
      "lib/avatar/{limits,presets,url}.ts",
    ],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { paths: [nextLink], patterns: [serverOnly, actorless] }] },
  },
  globalIgnores([".next/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
]);
