import { log } from "@/lib/log";

/**
 * The one error type the data layer throws. Its code maps to an HTTP status and a message a person
 * can read, in one place, so actions and route handlers answer the same way.
 */
const codes = {
  "bad_request:input": { status: 400, message: "That input is not valid." },
  "unauthorized:session": { status: 401, message: "Please sign in." },
  "forbidden:conversation": { status: 403, message: "You are not a member of this conversation." },
  "forbidden:channel": { status: 403, message: "You may not subscribe to this channel." },
  "forbidden:message": { status: 403, message: "You can only change your own messages." },
  "forbidden:blocked": { status: 403, message: "You cannot message this person." },
  "forbidden:admin": { status: 403, message: "Only the group's admins can do that." },
  "forbidden:server_admin": { status: 403, message: "Only the server's admins can do that." },
  "forbidden:sign_up": { status: 403, message: "Sign-up is closed on this server." },
  "forbidden:invite": { status: 403, message: "This invitation link does not work." },
  "forbidden:deactivated": { status: 403, message: "This account has been deactivated by the server's admins." },
  "conflict:last_admin": { status: 409, message: "The server needs an admin: make someone else admin first." },
  "not_found:report": { status: 404, message: "There is no such report." },
  "conflict:group": { status: 409, message: "That change is not possible in this group." },
  // Public rooms an admin runs (issue 19).
  "conflict:archived": { status: 409, message: "This room is archived: it is read-only." },
  "conflict:room": { status: 409, message: "That change is not possible in this room." },
  "not_found:conversation": { status: 404, message: "This conversation does not exist." },
  "not_found:message": { status: 404, message: "This message does not exist." },
  "not_found:user": { status: 404, message: "This person does not exist." },
  "conflict:username": { status: 409, message: "That username is taken." },
  "payload_too_large:message": { status: 413, message: "Messages can be at most 4000 characters." },
  "payload_too_large:body": { status: 413, message: "The request is too large." },
  "rate_limited:request": { status: 429, message: "Too many requests. Try again in a moment." },
  "rate_limited:busy": { status: 429, message: "The server is busy. Try again in a moment." },
  // People: contacts, blocking, account settings and avatars.
  "bad_request:password": { status: 400, message: "That password is not correct." },
  "bad_request:self": { status: 400, message: "You cannot do that with your own account." },
  "conflict:contact": { status: 409, message: "You are already contacts." },
  "not_found:request": { status: 404, message: "There is no such request." },
  "not_found:contact": { status: 404, message: "This person is not one of your contacts." },
  "not_found:avatar": { status: 404, message: "This image does not exist." },
  "forbidden:request": { status: 403, message: "You cannot send a request to this person." },
  "forbidden:contact": { status: 403, message: "Only your contacts can be added to a group." },
  "payload_too_large:avatar": { status: 413, message: "Images can be at most 5 MB." },
  "unsupported_media_type:avatar": { status: 415, message: "Upload a JPEG, PNG, WebP or GIF image." },
  // Files in messages.
  "not_found:attachment": { status: 404, message: "This file does not exist." },
  "bad_request:attachment": { status: 400, message: "That file cannot be sent." },
  "conflict:attachment": { status: 409, message: "This file has not finished uploading." },
  "payload_too_large:attachment": { status: 413, message: "This file is too large." },
  "payload_too_large:quota": { status: 413, message: "Your files have used up your storage. Delete some messages with files first." },
  "unprocessable:avatar": { status: 422, message: "This image could not be read: the file may be damaged or incomplete." },
  // Soketi's presence webhook (app/api/realtime/webhook/route.ts).
  "unauthorized:webhook": { status: 401, message: "Bad webhook signature." },
  "conflict:webhook": { status: 409, message: "Webhook already processed or too old." },
} as const;

export type ErrorCode = keyof typeof codes;

/**
 * Every code an error body can carry: the table's, and "internal" for what it does not know. The
 * browser imports this as a type only (lib/api-client.ts), never this module's code.
 */
export type ResponseErrorCode = ErrorCode | "internal";

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fieldErrors?: Record<string, string[]>;
  /** For a rate limit: when asking again can succeed, sent as the Retry-After header. */
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, options: { message?: string; fieldErrors?: Record<string, string[]>; retryAfterSeconds?: number } = {}) {
    super(options.message ?? codes[code].message);
    this.code = code;
    this.status = codes[code].status;
    this.fieldErrors = options.fieldErrors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toJSON() {
    return {
      error: { code: this.code, message: this.message, fieldErrors: this.fieldErrors, retryAfterSeconds: this.retryAfterSeconds },
    };
  }
}

/** The JSON body and status for any thrown value; unknown errors are logged and never leak details. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const headers = error.retryAfterSeconds === undefined ? undefined : { "retry-after": String(error.retryAfterSeconds) };
    return Response.json(error.toJSON(), { status: error.status, headers });
  }
  log.error("unexpected error", { error });
  return Response.json({ error: { code: "internal" satisfies ResponseErrorCode, message: "Something went wrong." } }, { status: 500 });
}
