// `npm run soketi`: only the realtime server, on the app's embedded defaults.
import nextEnv from "@next/env";
import { env } from "@/lib/env";
import { startSoketi } from "./lib/soketi";

// The .env files the app reads, so both sides agree on the credentials.
nextEnv.loadEnvConfig(process.cwd(), true);
const { appId, key, secret, port } = env().realtime;
const soketiPort = Number(process.env.SOKETI_PORT || port || 6001);
const soketi = await startSoketi({ port: soketiPort, appId, key, secret, output: "inherit" });
console.log(`Soketi ready on 127.0.0.1:${soketiPort}`);
const stop = () => void soketi.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
