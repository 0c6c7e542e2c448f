import type { MessageDTO } from "@/lib/dto";

/** The browser's side of the messages HTTP API. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  /** Worth retrying: the server may not have seen it, or failed for a passing reason. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, cache: "no-store" });
  } catch {
    throw new ApiError(0, "network", "Could not reach the server.");
  }
  const body = (await response.json().catch(() => null)) as
    | (T & { error?: undefined })
    | { error?: { code: string; message: string } }
    | null;
  if (!response.ok || !body) {
    const error = body && "error" in body && body.error ? body.error : { code: "unknown", message: "Something went wrong." };
    throw new ApiError(response.status, error.code, error.message);
  }
  return body as T;
}

export type MessagePage = { messages: MessageDTO[]; hasMore: boolean; hasNewer: boolean };

export function fetchMessages(
  conversationId: string,
  query: { before?: number; after?: number; around?: number; limit?: number },
): Promise<MessagePage> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return request(`/api/conversations/${conversationId}/messages?${params}`);
}

export function postMessage(
  conversationId: string,
  input: { clientId: string; body: string; replyTo?: number },
): Promise<{ message: MessageDTO; created: boolean }> {
  return request(`/api/conversations/${conversationId}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
}
