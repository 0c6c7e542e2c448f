import net from "node:net";
import { freePort } from "@/scripts/lib/ports";

/**
 * A TCP relay between browsers and the realtime server that can lose one browser's network the way
 * Wi-Fi does: `cut(cookie)` stops carrying bytes either way on the connections whose WebSocket
 * handshake carried that cookie (a browser context's session: cookies do not depend on the port),
 * and on every such one opened after, but closes nothing, so neither end is told and each has to
 * notice the silence by itself (Chromium's offline emulation, `context.setOffline`, leaves open
 * WebSockets working). `restore()` carries them again; those cut are dropped.
 */
export async function startNetworkCut(target: () => number) {
  const port = await freePort();
  type Link = { client: net.Socket; upstream: net.Socket; handshake: string; cut: boolean };
  const opened: Link[] = [];
  let cutCookie: string | null = null;
  const isCut = (link: Link) => cutCookie !== null && link.handshake.includes(cutCookie);
  const server = net.createServer((client) => {
    const upstream = net.connect(target(), "127.0.0.1");
    const link: Link = { client, upstream, handshake: "", cut: false };
    opened.push(link);
    const carry = (from: net.Socket, to: net.Socket) => {
      from.on("data", (chunk: Buffer) => {
        if (from === client && link.handshake === "") {
          link.handshake = chunk.toString("latin1");
          link.cut = isCut(link);
        }
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
    cut: (cookie: string) => {
      cutCookie = cookie;
      for (const link of opened) link.cut = isCut(link);
    },
    restore: () => {
      cutCookie = null;
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
