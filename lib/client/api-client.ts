import type { AttachmentDTO, ConversationPage, MessageDTO, Presence, ReadPosition, SearchResult } from "@/lib/dto";
import type { ResponseErrorCode } from "@/lib/errors";
import type { ChannelGrant } from "@/lib/realtime/auth-batcher";

/** The browser's side of the messages HTTP API. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The server's code; "network" when nothing answered, "unknown" when the answer carried no code of ours. */
    readonly code: ResponseErrorCode | "network" | "unknown",
    message: string,
    /** How long the server asked us to wait (its Retry-After), if it did. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
  /** Worth retrying: the server may not have seen it, or failed for a passing reason. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

// A request with no answer by then is given up and, if it was a send, tried again with the same
// clientId: a server that hangs is no different from one that is down.
const REQUEST_TIMEOUT_MS = 20_000;

/** Retry-After is either seconds or an HTTP date. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    response = await fetch(url, { ...init, cache: "no-store", signal });
  } catch {
    throw new ApiError(0, "network", "Could not reach the server.");
  }
  const body = (await response.json().catch(() => null)) as (T & { error?: undefined }) | { error?: { code: ResponseErrorCode; message: string } } | null;
  if (!response.ok || !body) {
    const error = body && "error" in body && body.error ? body.error : { code: "unknown" as const, message: "Something went wrong." };
    throw new ApiError(response.status, error.code, error.message, retryAfterMs(response.headers.get("retry-after")));
  }
  return body as T;
}

export type MessagePage = { messages: MessageDTO[]; hasMore: boolean; hasNewer: boolean };

export function fetchMessages(conversationId: string, query: { before?: number; after?: number; around?: number; limit?: number }): Promise<MessagePage> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return request(`/api/conversations/${conversationId}/messages?${params}`);
}

/** A page of the chat list: the first, the one after `before` (a page's `next`), or those matching `q`. */
export function fetchConversationPage(query: { before?: string; limit?: number; q?: string }, signal?: AbortSignal): Promise<ConversationPage> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return request(`/api/conversations?${params}`, { signal });
}

/** Signs the realtime subscriptions of one socket, in the order asked (lib/realtime/auth-batcher.ts). */
export function postChannelBatch(socketId: string, channels: string[]): Promise<{ channels: ChannelGrant[] }> {
  return request("/api/realtime/auth/batch", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ socketId, channels }),
  });
}

/** Signs one socket in as this browser's user (pusher-js `signin`). */
export function postRealtimeSignIn(socketId: string): Promise<{ auth: string; user_data: string }> {
  return request("/api/realtime/user-auth", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ socket_id: socketId }).toString(),
  });
}

export function postMessage(
  conversationId: string,
  input: { clientId: string; body: string; replyTo?: number; attachments?: string[] },
): Promise<{ message: MessageDTO; created: boolean }> {
  return request(`/api/conversations/${conversationId}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
}

/**
 * Tells the server the reader has seen the chat through `messageId`. With `keepalive`, the request
 * outlives the page: the last mark as a tab is hidden or closed.
 */
export function postReadMark(conversationId: string, messageId: number, options: { keepalive?: boolean } = {}): Promise<ReadPosition> {
  return request(`/api/conversations/${conversationId}/read`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messageId }),
    keepalive: options.keepalive,
  });
}

/** A contact's presence as the server knows it now; null for someone who is not a contact. */
export async function fetchPresence(userId: string): Promise<Presence | null> {
  return (await request<{ presence: Presence | null }>(`/api/presence?${new URLSearchParams({ userId })}`)).presence;
}

export type UploadTarget = { url: string; method: "PUT"; headers: Record<string, string> };

/** Starts an upload for the message `clientId`: refused here, before a byte, when it cannot be sent. */
export function createAttachmentUpload(
  conversationId: string,
  input: { clientId: string; name: string; size: number },
): Promise<{ attachment: { id: string }; upload: UploadTarget }> {
  return request(`/api/conversations/${conversationId}/attachments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
}

export async function completeAttachmentUpload(attachmentId: string): Promise<AttachmentDTO> {
  return (await request<{ attachment: AttachmentDTO }>(`/api/attachments/${attachmentId}/complete`, { method: "POST" })).attachment;
}

/** Gives up on a file not yet sent; failures are of no consequence (the server removes it after a day). */
export function cancelAttachmentUpload(attachmentId: string): void {
  void fetch(`/api/attachments/${attachmentId}`, { method: "DELETE" }).catch(() => {});
}

/** Full-text search in one chat (GET /api/search with its conversationId), newest first. */
export async function searchInChat(conversationId: string, q: string, signal?: AbortSignal): Promise<SearchResult[]> {
  const params = new URLSearchParams({ q, conversationId });
  return (await request<{ results: SearchResult[] }>(`/api/search?${params}`, { signal })).results;
}
