import net from "node:net";
import { freePort } from "@/scripts/lib/ports";

/**
 * A TCP relay between browsers and the realtime server that can lose the network the way Wi-Fi
 * does: `cut()` stops carrying bytes either way on the connections it names, and on every one
 * opened after, but closes nothing, so neither end is told and each has to notice the silence by
 * itself (Chromium's offline emulation, `context.setOffline`, leaves open WebSockets working).
 * `restore()` carries new connections again; those cut are dropped.
 */
export async function startNetworkCut(target: () => number) {
  const port = await freePort();
  const opened: { client: net.Socket; upstream: net.Socket; cut: boolean }[] = [];
  let cutFrom: number | null = null;
  const server = net.createServer((client) => {
    const upstream = net.connect(target(), "127.0.0.1");
    const link = { client, upstream, cut: cutFrom !== null };
    opened.push(link);
    const carry = (from: net.Socket, to: net.Socket) => {
      from.on("data", (chunk) => {
        if (!link.cut) to.write(chunk);
      });
      // A close while cut never reaches the other side, as over a lost network.
      from.on("close", () => {
        if (!link.cut) to.destroy();
      });
      from.on("error", () => {});
    };
    carry(client, upstream);
    carry(upstream, client);
  });
  await new Promise<void>((done) => server.listen(port, "127.0.0.1", done));
  return {
    port,
    /** How many connections have been opened so far: `cut(mark)` cuts those from here on. */
    mark: () => opened.length,
    cut: (from: number) => {
      cutFrom = from;
      for (const link of opened.slice(from)) link.cut = true;
    },
    restore: () => {
      cutFrom = null;
      for (const link of opened.filter((l) => l.cut)) {
        link.client.destroy();
        link.upstream.destroy();
      }
    },
    stop: async () => {
      for (const link of opened) {
        link.client.destroy();
        link.upstream.destroy();
      }
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
