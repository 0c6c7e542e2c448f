// `npm run soketi`: only the realtime server, on the app's embedded defaults.
import nextEnv from "@next/env";
import { env } from "@/lib/env";
import { startSoketi, WEBHOOK_PATH } from "./lib/soketi";

// The .env files the app reads, so both sides agree on the credentials.
nextEnv.loadEnvConfig(process.cwd(), true);
const { appId, key, secret, port } = env().realtime;
const soketiPort = Number(process.env.SOKETI_PORT || port || 6001);
// The same presence webhooks `npm run dev` sets up, to the app on this machine (PORT, as npm start
// and npm run dev:app read it): without them someone shows offline only once heartbeats go stale.
const appPort = Number(process.env.PORT || 3000);
const webhookUrl = `http://127.0.0.1:${appPort}${WEBHOOK_PATH}`;
const soketi = await startSoketi({ port: soketiPort, appId, key, secret, webhookUrl, output: "inherit" });
console.log(`Soketi ready on 127.0.0.1:${soketiPort}, presence webhooks to ${webhookUrl}`);
const stop = () => void soketi.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
