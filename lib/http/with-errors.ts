import "server-only";
import { errorResponse } from "@/lib/errors";

/** What a route module exports. Next.js always passes the context; a test of a route without params may leave it out. */
export type RouteHandler<Context> = (request: Request, context?: Context) => Promise<Response>;

/**
 * The frame of every route handler: whatever the handler throws is answered by errorResponse, with
 * the status and message of lib/errors.ts's table, or a 500 that tells nothing. Routes with no user
 * (signed URLs, the webhook, public avatars) use it directly, the rest through withUser
 * (lib/http/with-user.ts). Apart so that those routes do not load Auth.js.
 */
export function withErrors<Context = unknown>(handler: (request: Request, context: Context) => Promise<Response>): RouteHandler<Context> {
  return async (request, context) => {
    try {
      return await handler(request, context!);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
