import { openSync, readSync, closeSync, statSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page, type Request, type Response } from "@playwright/test";
import { READ_MARK_INTERVAL_MS } from "@/components/chat/read-marks";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import { formatCount } from "@/tests/support/report";
import { mapConcurrently, sleep, waitUntil } from "@/tests/support/async";
import { seedGroup, seedUsers, SESSION_COOKIE, type SeededUser } from "@/tests/support/seed";
import { TARGETS } from "../targets";
import { serverActionNames } from "../support/server-actions";
import type { BenchContext, Row, ScenarioResult } from "../types";

// Read marks are coalesced to at most one per chat every READ_MARK_INTERVAL_MS: the window stays
// open this long after every member shows the last message, so that the trailing marks count too.
const SETTLE_MS = READ_MARK_INTERVAL_MS + 1000;
// Before the first send: no app request started or finished in any of the browsers for this long.
const QUIET_MS = 1500;
const READY_TIMEOUT_MS = 60_000;
// After the last send, how long the members may take to show it before the scenario says so.
const SHOW_TIMEOUT_MS = 30_000;
const LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

type Member = { user: SeededUser; context: BrowserContext; page: Page; subscribed: Set<string>; pageErrors: number };

/**
 * A request by route: ids normalised, the query's parameter names kept (a catch-up `after=` is not
 * the newest page), and a server action named by its `Next-Action` id from the build's manifest.
 */
export function routeOf(method: string, url: string, nextAction: string | undefined): string {
  const { pathname, searchParams } = new URL(url);
  if (pathname.startsWith("/_next/static/")) return `${method} /_next/static/*`;
  const path = pathname.replace(UUID, ":id").replace(/\/\d+(?=\/|$)/g, "/:n");
  const keys = [...new Set(searchParams.keys())].filter((k) => k !== "_rsc").sort();
  const query = keys.length > 0 ? `?${keys.join("&")}` : "";
  if (nextAction) {
    const name = serverActionNames().get(nextAction)?.split("#")[1] ?? `unknown ${nextAction.slice(0, 8)}`;
    return `${method} ${path} (server action ${name})`;
  }
  return `${method} ${path}${query}${searchParams.has("_rsc") ? " (RSC)" : ""}`;
}

/** A route as the server's request log has it: method and path (it never logs the query). */
function loggedRouteOf(method: string, path: string): string {
  return `${method} ${path.replace(UUID, ":id").replace(/\/\d+(?=\/|$)/g, "/:n")}`;
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

type LoggedRequest = { requestId: string; route: string };

/** What the app server logged (one JSON line per request, lib/request-log.ts) from byte `offset` of its log on. */
function loggedRequests(logPath: string, offset: number): LoggedRequest[] {
  const size = statSync(logPath).size;
  const buffer = Buffer.alloc(Math.max(0, size - offset));
  const fd = openSync(logPath, "r");
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  const logged: LoggedRequest[] = [];
  for (const line of buffer.toString("utf8").split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; requestId?: string; method?: string; path?: string };
      if (entry.msg === "request" && entry.requestId && entry.method && entry.path) {
        logged.push({ requestId: entry.requestId, route: loggedRouteOf(entry.method, entry.path) });
      }
    } catch {
      // Not one of the server's JSON lines (a library writing to stdout).
    }
  }
  return logged;
}

const sum = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

/**
 * Scenario 8: browser amplification. The members of one group each have its chat open in their own
 * Chromium context, signed in with a minted cookie, hydrated and subscribed; one of them sends
 * through the composer at a steady rate. Every request the browsers send to the app from the first
 * send until all of them show every message (and the read marks have trailed in) is counted by
 * route; the server's request log is counted over the same window as a cross-check.
 */
export async function runBrowsers(ctx: BenchContext): Promise<ScenarioResult> {
  const { baseURL, serverLog } = ctx.stack;
  const { browserMembers: n, browserMessages: total, browserRate: rate } = ctx.options;
  const users = await seedUsers(ctx.db, "browser_member", n, ctx.authSecret);
  const conversationId = await seedGroup(ctx.db, "Browser amplification", users);
  const chatChannel = conversationChannel(conversationId);

  const browser: Browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: LAUNCH_ARGS });
  try {
    let counting = false;
    let lastRequestAt = performance.now();
    const byRoute = new Map<string, number>();
    const perMember = users.map(() => 0);
    // The id the server gave each answered request (its x-request-id header): the server's log
    // names the same id, which is how the two counts are compared request by request.
    const countedIds = new Set<string>();
    const otherIds = new Set<string>();
    const counted = new WeakSet<Request>();
    const onResponse = (response: Response) => {
      const id = response.headers()["x-request-id"];
      if (id && response.url().startsWith(`${baseURL}/`)) (counted.has(response.request()) ? countedIds : otherIds).add(id);
    };
    const onRequest = (index: number) => (request: Request) => {
      if (!request.url().startsWith(`${baseURL}/`)) return;
      lastRequestAt = performance.now();
      if (!counting) return;
      perMember[index]!++;
      counted.add(request);
      increment(byRoute, routeOf(request.method(), request.url(), request.headers()["next-action"]));
    };
    const onDone = (request: Request) => {
      if (!request.url().startsWith(`${baseURL}/`)) return;
      lastRequestAt = performance.now();
    };

    // One at a time would take long; all at once would measure eight cold page loads on a shared machine.
    const members: Member[] = await mapConcurrently(users, 2, async (user, index) => {
      const context = await browser.newContext();
      await context.addCookies([{ name: SESSION_COOKIE, value: user.cookie.slice(SESSION_COOKIE.length + 1), url: baseURL, httpOnly: true, sameSite: "Lax" }]);
      const page = await context.newPage();
      const member: Member = { user, context, page, subscribed: new Set(), pageErrors: 0 };
      page.on("pageerror", () => member.pageErrors++);
      // Subscribed, as Soketi says it: pusher-js's own confirmation frame on the WebSocket.
      page.on("websocket", (socket) =>
        socket.on("framereceived", ({ payload }) => {
          if (typeof payload !== "string" || !payload.includes("subscription_succeeded")) return;
          const frame = JSON.parse(payload) as { event?: string; channel?: string };
          if (frame.event === "pusher_internal:subscription_succeeded" && frame.channel) member.subscribed.add(frame.channel);
        }),
      );
      context.on("request", onRequest(index));
      context.on("requestfinished", onDone);
      context.on("requestfailed", onDone);
      context.on("response", onResponse);
      const response = await page.goto(`${baseURL}/c/${conversationId}`);
      if (response?.status() !== 200) throw new Error(`browsers: /c/:id answered HTTP ${response?.status()} for ${user.username}`);
      await page.getByRole("log", { name: "Messages" }).waitFor();
      const live = await waitUntil(() => member.subscribed.has(userChannel(user.id)) && member.subscribed.has(chatChannel), READY_TIMEOUT_MS, 50);
      if (!live) throw new Error(`browsers: ${user.username}'s page did not subscribe (${[...member.subscribed].join(", ") || "nothing"})`);
      return member;
    });
    // A request still running also holds this off: its end counts as activity too.
    const settled = await waitUntil(() => performance.now() - lastRequestAt > QUIET_MS, READY_TIMEOUT_MS, 50);
    if (!settled) throw new Error("browsers: the pages never went quiet after loading");

    const logOffset = statSync(serverLog).size;
    const sender = members[0]!;
    const box = sender.page.getByRole("textbox", { name: "Message" });
    const interval = 1000 / rate;
    const sentAt: number[] = [];
    counting = true;
    const origin = performance.now();
    // When each member's message log holds every message: polled in its page every 50 ms.
    const shown = members.map(async (member) => {
      try {
        await member.page.waitForFunction((count) => document.querySelectorAll('[role="log"] li[data-message-id]').length >= count, total, {
          polling: 50,
          timeout: total * interval + SHOW_TIMEOUT_MS,
        });
        return performance.now();
      } catch {
        return null;
      }
    });
    for (let i = 0; i < total; i++) {
      const wait = origin + i * interval - performance.now();
      if (wait > 1) await sleep(wait);
      sentAt.push(performance.now());
      await box.fill(`Browser message ${i + 1} of ${total}: are we still on for lunch tomorrow?`);
      await box.press("Enter");
    }
    const shownAt = await Promise.all(shown);
    await sleep(SETTLE_MS);
    counting = false;
    const windowSeconds = (performance.now() - origin) / 1000;
    // The server writes a request's line when the response closes; give the pipe a moment.
    await sleep(1000);
    const logged = loggedRequests(serverLog, logOffset);
    const loggedIds = new Set(logged.map((l) => l.requestId));
    const held = await Promise.all(members.map((m) => m.page.evaluate(() => document.querySelectorAll('[role="log"] li[data-message-id]').length)));

    const requests = sum(byRoute);
    const perMessage = requests / total;
    const lastSend = sentAt.at(-1)!;
    const allShown = shownAt.every((t) => t !== null);
    const lastShownMs = allShown ? Math.max(...(shownAt as number[])) - lastSend : null;
    // Soketi's webhooks (channel occupied / vacated) reach the app too, but no browser sends them.
    const webhooks = logged.filter((l) => l.route.includes("/api/realtime/webhook")).length;
    const check = {
      /** Requests the browsers counted that the server logged under the same id. */
      countedAndLogged: [...countedIds].filter((id) => loggedIds.has(id)).length,
      /** Counted, with an answer, but not in the log (the log line comes when the response closes). */
      countedNotLogged: [...countedIds].filter((id) => !loggedIds.has(id)).length,
      /** Counted and never answered (no id to look for). */
      countedUnanswered: requests - countedIds.size,
      /** Logged, from the browsers, but before or after the counted window. */
      loggedOutsideWindow: logged.filter((l) => otherIds.has(l.requestId)).length,
      /** Logged with an id no browser saw: a request the browsers' count missed (webhooks aside). */
      loggedUnseen: logged.filter((l) => !countedIds.has(l.requestId) && !otherIds.has(l.requestId)).length - webhooks,
      webhooks,
    };
    const routes = [...byRoute].sort((a, b) => b[1] - a[1]);
    const label = `8. browsers (${n} members in Chromium, ${total} sent at ${rate}/s)`;
    const rows: Row[] = [
      {
        scenario: `${label}: app requests per message`,
        value: `${perMessage.toFixed(2)} (${formatCount(requests)} requests)`,
        target: `≤ ${TARGETS.browserRequestsPerMessage}`,
        met: perMessage <= TARGETS.browserRequestsPerMessage,
      },
      ...routes.map(([route, count]): Row => ({ scenario: `8. browsers:   ${route}`, value: `${(count / total).toFixed(2)} (${formatCount(count)})` })),
      {
        scenario: `8. browsers: every member showed all ${total}`,
        value: allShown
          ? `yes; the last ${Math.round(lastShownMs!)} ms after the last send`
          : `NO: ${shownAt.filter((t) => t !== null).length} of ${n} (fewest held: ${Math.min(...held)})`,
        met: allShown,
      },
      {
        scenario: "8. browsers: the same requests in the server's log (by request id)",
        value: `${formatCount(check.countedAndLogged)} of ${formatCount(requests)}; ` + `${formatCount(check.loggedUnseen)} logged that no browser counted`,
        met: check.countedAndLogged === requests && check.loggedUnseen === 0,
      },
    ];
    return {
      rows,
      data: {
        members: n,
        messages: total,
        rate,
        settleMs: SETTLE_MS,
        windowSeconds,
        requests,
        requestsPerMessage: perMessage,
        byRoute: Object.fromEntries(routes),
        byRoutePerMessage: Object.fromEntries(routes.map(([route, count]) => [route, count / total])),
        requestsByMember: perMember,
        serverLogCheck: check,
        // The server's own count over the counted requests (its log has method and path only).
        serverLoggedByRoute: Object.fromEntries(
          logged.filter((l) => countedIds.has(l.requestId)).reduce((counts, l) => (increment(counts, l.route), counts), new Map<string, number>()),
        ),
        allShown,
        heldByMember: held,
        // From each member's page holding every message, after the last send; null: it never did.
        shownAfterLastSendMs: shownAt.map((t) => (t === null ? null : t - lastSend)),
        lastShownAfterLastSendMs: lastShownMs,
        sendDurationMs: lastSend - origin,
        pageErrors: members.map((m) => m.pageErrors),
      },
    };
  } finally {
    await browser.close();
  }
}
