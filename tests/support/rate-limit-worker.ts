/**
 * One app instance counting requests against one key, as its own process: the rate-limit test
 * starts several at once to show that they never admit more than the limit together.
 * Usage: rate-limit-worker <database url> <key> <limit> <window ms> <now> <requests>
 * Prints "ready" once its database is open, waits for a line on stdin, then prints the counts the
 * database returned, as JSON.
 */
import { openDatabase } from "@/db/client";
import { countRequest } from "@/lib/dal/rate-limit";

const [url, key, limit, windowMs, now, requests] = process.argv.slice(2);
const db = await openDatabase(url!);
const rule = { limit: Number(limit), windowMs: Number(windowMs) };
// Every process starts counting at the same moment, on the test's signal.
process.stdout.write("ready\n");
await new Promise((go) => process.stdin.once("data", go));
const hits = await Promise.all(Array.from({ length: Number(requests) }, () => countRequest(db, key!, rule, Number(now))));
process.stdout.write(JSON.stringify(hits.map((h) => h.count)));
db.$client.close();
