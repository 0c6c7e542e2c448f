// Starts the Soketi installed in node_modules (as its own `soketi start` does) with one change: how
// long a WebSocket may stay silent before Soketi closes it. Soketi 1.6 fixes uWebSockets' idle
// timeout at 120 s, so a browser whose network dropped (no close ever arrives) kept its channels,
// and so showed online, for about two minutes. uWebSockets pings a silent socket by itself and a
// live browser answers at once, so a short timeout closes only connections that are really gone:
// their channels are vacated and the presence webhook tells the app. scripts/lib/soketi.ts passes
// the timeout in MESSENGER_SOKETI_IDLE_TIMEOUT_S.
import { createRequire } from "node:module";

// Soketi is CommonJS: its modules are loaded (and patched) through require, as its own CLI loads them.
const require = createRequire(new URL("../../node_modules/@soketi/soketi/package.json", import.meta.url));
const idleTimeout = Number(process.env.MESSENGER_SOKETI_IDLE_TIMEOUT_S);
if (Number.isInteger(idleTimeout) && idleTimeout > 0) {
  const { Server } = require("./dist/server.js");
  const configureWebsockets = Server.prototype.configureWebsockets;
  Server.prototype.configureWebsockets = function (app) {
    const withTimeout = new Proxy(app, {
      get(target, key) {
        if (key === "ws") return (pattern, behavior) => target.ws(pattern, { ...behavior, idleTimeout });
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return configureWebsockets.call(this, withTimeout);
  };
}
require("./dist/cli/index.js");
