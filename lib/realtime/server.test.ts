import Pusher from "pusher";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createUser } from "@/lib/dal/users";
import { collect, connectAs, subscribe, until } from "@/tests/support/realtime-client";
import { userChannel } from "./channels";
import { publishAll } from "./server";

const clients: ReturnType<typeof connectAs>[] = [];
afterAll(() => clients.forEach((c) => c.disconnect()));

describe("publishAll", () => {
  it("sends the events of every caller in one turn of the event loop together, in as few calls as the server takes", async () => {
    const ana = await createUser({ username: "pub_ana", password: "password-ana" });
    const client = connectAs(ana);
    clients.push(client);
    const received = collect<{ userId: string }>(await subscribe(client, userChannel(ana.id)), "contact.changed");
    const batches = vi.spyOn(Pusher.prototype, "triggerBatch");
    try {
      // Three callers, two events each: with ten events a call (the vitest stack's PUSHER_BATCH_SIZE
      // default), one call carries all six.
      await Promise.all(
        ["a", "b", "c"].map((who) =>
          publishAll([
            { channels: [userChannel(ana.id)], event: "contact.changed", payload: { userId: `${who}1` } },
            { channels: [userChannel(ana.id)], event: "contact.changed", payload: { userId: `${who}2` } },
          ]),
        ),
      );
      expect(batches).toHaveBeenCalledTimes(1);
      expect(batches.mock.calls[0]![0]).toHaveLength(6);
    } finally {
      batches.mockRestore();
    }
    await until(() => received.length === 6);
    expect(received.map((r) => r.userId).sort()).toEqual(["a1", "a2", "b1", "b2", "c1", "c2"]);
  });
});
