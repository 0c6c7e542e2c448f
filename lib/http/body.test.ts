import { describe, expect, it } from "vitest";
import { readBody, readFormBody, readJsonBody } from "./body";

/** A request whose body is `chunks`, with what was pulled of them recorded. */
function streamed(chunks: string[], headers: Record<string, string> = {}) {
  const pulled: string[] = [];
  const queue = [...chunks];
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = queue.shift();
        if (next === undefined) return controller.close();
        pulled.push(next);
        controller.enqueue(new TextEncoder().encode(next));
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request("http://app.test/", { method: "POST", headers, body, duplex: "half" } as RequestInit);
  return { request, pulled };
}

describe("reading a body within a budget", () => {
  it("refuses a declared length over the budget before reading a byte", async () => {
    const { request, pulled } = streamed(["x"], { "content-length": "300000000" });
    await expect(readBody(request, 1024)).rejects.toMatchObject({ code: "payload_too_large:body", status: 413 });
    expect(pulled).toEqual([]);
  });

  it("stops reading a body without a length as soon as it passes the budget", async () => {
    const { request, pulled } = streamed(Array.from({ length: 100 }, () => "x".repeat(600)));
    await expect(readBody(request, 1024)).rejects.toMatchObject({ code: "payload_too_large:body" });
    expect(pulled.length).toBeLessThanOrEqual(3);
  });

  it("gives the bytes of a body within the budget, and answers with the caller's code", async () => {
    expect(new TextDecoder().decode(await readBody(streamed(["ab", "cd"]).request, 4))).toBe("abcd");
    await expect(readBody(streamed(["12345"]).request, 4, "payload_too_large:avatar")).rejects.toMatchObject({ code: "payload_too_large:avatar" });
  });

  it("reads JSON and URL-encoded forms only under their own content types", async () => {
    const json = { "content-type": "application/json" };
    const form = { "content-type": "application/x-www-form-urlencoded" };
    expect(await readJsonBody(streamed(['{"a":', "1}"], json).request, 100)).toEqual({ a: 1 });
    await expect(readJsonBody(streamed(["{"], json).request, 100)).rejects.toMatchObject({ code: "bad_request:input" });
    expect(await readFormBody(streamed(["socket_id=1.2&channel_name=a&channel_name=b"], form).request, 100)).toEqual({ socket_id: "1.2", channel_name: "b" });
    await expect(readFormBody(streamed(["socket_id=1.2"], { "content-type": "multipart/form-data; boundary=b" }).request, 100)).rejects.toMatchObject({
      code: "bad_request:input",
    });
    await expect(readFormBody(streamed([`channel_name=${"x".repeat(2000)}`], form).request, 1024)).rejects.toMatchObject({ code: "payload_too_large:body" });
  });
});
