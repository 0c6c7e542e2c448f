import { randomUUID } from "node:crypto";
import type { MessageDTO } from "@/lib/dto";
import { request } from "./http";

/** A typical chat line: short, like most messages people send. */
export function messageBody(i: number): string {
  return `Message ${i}: are we still on for lunch tomorrow at noon?`;
}

/**
 * What the floor sends: shaped and sized like the app's `message.created` payload, so that the two
 * scenarios move the same bytes and differ only in the path they take.
 */
export function floorPayload(i: number): MessageDTO {
  return {
    id: 100_000 + i,
    conversationId: randomUUID(),
    clientId: randomUUID(),
    kind: "text",
    body: messageBody(i),
    sender: { id: randomUUID(), username: "bench_sender" },
    replyTo: null,
    forwardedFrom: null,
    createdAt: Date.now(),
    editedAt: null,
    deletedAt: null,
    reactions: [],
    attachments: [],
    mentions: [],
  };
}

/** A send exactly as the browser makes it: the messages API with the session cookie. */
export function postMessage(baseURL: string, cookie: string, conversationId: string, clientId: string, body: string, timeoutMs?: number) {
  return request(`${baseURL}/api/conversations/${conversationId}/messages`, { cookie, json: { clientId, body }, timeoutMs });
}
