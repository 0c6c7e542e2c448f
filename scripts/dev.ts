// `npm run dev`: migrations, then Soketi and `next dev` together with prefixed logs; Ctrl-C stops both.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import nextEnv from "@next/env";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { describeDatabase } from "@/lib/describe";
import { env, EnvError } from "@/lib/env";
import { SOKETI_BATCH_SIZE, startSoketi, WEBHOOK_PATH } from "./lib/soketi";

const color = { soketi: "\x1b[35m", next: "\x1b[36m", dev: "\x1b[32m", reset: "\x1b[0m" };
const log = (name: keyof typeof color, line: string) => console.log(`${color[name]}[${name}]${color.reset} ${line}`);

async function main() {
  // The same .env files `next dev` reads, read before the settings are: Soketi and the app must agree
  // on the realtime credentials, and a custom PUSHER_SECRET in .env would otherwise reach only one of them.
  nextEnv.loadEnvConfig(process.cwd(), true);
  const config = env();
  const db = await openDatabase(config.databaseUrl, config.databaseAuthToken);
  await migrateDatabase(db);
  db.$client.close();
  log("dev", `migrations applied to ${describeDatabase(config.databaseUrl)}`);

  const { appId, key, secret, port } = config.realtime;
  const soketiPort = Number(process.env.SOKETI_PORT || port || 6001);
  const appPort = Number(process.env.PORT || 3000);
  const soketi = await startSoketi({
    port: soketiPort,
    appId,
    key,
    secret,
    webhookUrl: `http://127.0.0.1:${appPort}${WEBHOOK_PATH}`,
    output: (line) => log("soketi", line),
  }).catch((error: Error) => {
    throw new Error(`Soketi could not start on port ${soketiPort} (${error.message}). Is another one running there?`);
  });
  log("soketi", `ready on 127.0.0.1:${soketiPort}`);

  const next = spawn(process.execPath, [resolve("node_modules/next/dist/bin/next"), "dev", "-p", String(appPort)], {
    // The Soketi started here takes batches of SOKETI_BATCH_SIZE events, unless .env says otherwise.
    env: { ...process.env, PUSHER_BATCH_SIZE: process.env.PUSHER_BATCH_SIZE || String(SOKETI_BATCH_SIZE), FORCE_COLOR: "1" },
    stdio: ["inherit", "pipe", "pipe"],
  });
  for (const stream of [next.stdout, next.stderr]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) =>
      chunk
        .split("\n")
        .filter((l) => l.trim())
        .forEach((l) => log("next", l)),
    );
  }
  log("dev", `Messenger is starting at http://localhost:${appPort}`);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    next.kill("SIGTERM");
    await soketi.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  next.on("exit", (code) => void stop(code ?? 0));
  soketi.child.on("exit", (code) => {
    if (!stopping) log("soketi", `exited with code ${code}`);
    void stop(1);
  });
}

main().catch((error) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
