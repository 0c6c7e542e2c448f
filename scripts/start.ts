// `npm start`: the standalone server that `npm run build` made, the very directory the Docker image
// ships, run from this checkout the way `next start` would run it. The server makes .next/standalone
// its working directory, so this reads .env files from here first and turns a relative SQLite path
// into one under this checkout: otherwise the database would live inside .next, which each build deletes.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import nextEnv from "@next/env";
import { DEFAULT_DATABASE_URL } from "@/lib/env";
import { STANDALONE_DIR, STANDALONE_ENTRY } from "./lib/standalone";

const entry = resolve(STANDALONE_DIR, STANDALONE_ENTRY);
if (!existsSync(entry)) {
  console.error(`${entry} does not exist: run \`npm run build\` first.`);
  process.exit(1);
}
nextEnv.loadEnvConfig(process.cwd());
const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const path = databaseUrl.startsWith("file:") ? databaseUrl.slice("file:".length) : null;
if (path !== null && !isAbsolute(path)) process.env.DATABASE_URL = `file:${resolve(path)}`;

const server = spawn(process.execPath, [entry], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
