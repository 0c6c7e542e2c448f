// Part of `npm run build`: makes .next/standalone a whole app that `node server.js` serves as it is.
//
// Next.js traces the server's own files into .next/standalone but leaves the browser's files
// (.next/static) and public/ out, expecting a CDN or the deploy step to provide them. Copying them here,
// once, means `npm start`, the end-to-end tests and the Docker image all run the same directory.
import { cpSync, existsSync, rmSync } from "node:fs";
import { STANDALONE_DIR } from "./lib/standalone";

if (!existsSync(`${STANDALONE_DIR}/server.js`)) {
  console.error(`${STANDALONE_DIR}/server.js is missing: next.config.mjs must keep output: "standalone".`);
  process.exit(1);
}
for (const [from, to] of [
  [".next/static", `${STANDALONE_DIR}/.next/static`],
  ["public", `${STANDALONE_DIR}/public`],
  // The admin command (`node admin.mjs <username>` in the Docker image); @libsql/client is traced in.
  ["scripts/admin.mjs", `${STANDALONE_DIR}/admin.mjs`],
] as const) {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}
console.log(`${STANDALONE_DIR}: static files and public/ copied in; start it with \`npm start\` or \`node ${STANDALONE_DIR}/server.js\``);
