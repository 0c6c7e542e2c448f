/**
 * Channel authorization for pusher-js, one request for all the subscriptions asked for in one turn
 * of the event loop. A browser subscribes to about ten channels as a page opens, and pusher-js
 * subscribes to all of them again after every reconnect; its own authorizer makes one request per
 * channel, which after a realtime restart is ten requests from every open tab at the same moment.
 */

/** What the batch route answers for one channel, in the order they were asked. */
export type ChannelGrant = { auth: string; channel_data?: string } | { error: { status: number; message: string } };

export type ChannelAuthRequest = { socketId: string; channelName: string };
export type ChannelAuthCallback = (error: Error | null, data: { auth: string; channel_data?: string } | null) => void;

/** Asks the server to sign these channels for this socket; rejects with a RefusedChannel for the whole batch. */
export type PostBatch = (socketId: string, channels: string[]) => Promise<ChannelGrant[]>;

/** A refusal pusher-js reports as `pusher:subscription_error`; `status` 0 when the server was not reached. */
export class RefusedChannel extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** How long the server asked to wait (Retry-After), when it did. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** As many channels as the route signs in one request. */
export const MAX_CHANNELS_PER_BATCH = 20;

export class ChannelAuthBatcher {
  private queued: { request: ChannelAuthRequest; callback: ChannelAuthCallback }[] = [];
  private scheduled = false;
  /** The last refusal of each channel: pusher-js passes only the message on, so resubscribing reads it here. */
  private readonly refusals = new Map<string, RefusedChannel>();

  constructor(
    private readonly post: PostBatch,
    /**
     * The connection's socket id now. An answer for a socket that is gone (the connection was lost
     * and made again while the request was out) is dropped: pusher-js asks again for the new one,
     * and a signature for the old socket would only be refused.
     */
    private readonly currentSocket: () => string | undefined = () => undefined,
    private readonly schedule: (flush: () => void) => void = (flush) => setTimeout(flush, 0),
  ) {}

  /** pusher-js's `channelAuthorization.customHandler`. */
  readonly authorize = (request: ChannelAuthRequest, callback: ChannelAuthCallback): void => {
    this.queued.push({ request, callback });
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      const queued = this.queued;
      this.queued = [];
      void this.flush(queued);
    });
  };

  /** Why this channel's last subscription failed, if it did. */
  refusalOf(channelName: string): RefusedChannel | undefined {
    return this.refusals.get(channelName);
  }

  private async flush(queued: { request: ChannelAuthRequest; callback: ChannelAuthCallback }[]): Promise<void> {
    // A reconnect between two subscriptions gives them different sockets: one request per socket.
    const bySocket = new Map<string, typeof queued>();
    for (const q of queued) bySocket.set(q.request.socketId, [...(bySocket.get(q.request.socketId) ?? []), q]);
    await Promise.all(
      [...bySocket].flatMap(([socketId, entries]) => {
        const batches = [];
        for (let i = 0; i < entries.length; i += MAX_CHANNELS_PER_BATCH) batches.push(entries.slice(i, i + MAX_CHANNELS_PER_BATCH));
        return batches.map((batch) => this.send(socketId, batch));
      }),
    );
  }

  private async send(socketId: string, batch: { request: ChannelAuthRequest; callback: ChannelAuthCallback }[]): Promise<void> {
    let grants: ChannelGrant[];
    const stale = () => {
      const now = this.currentSocket();
      return now !== undefined && now !== socketId;
    };
    try {
      grants = await this.post(
        socketId,
        batch.map((b) => b.request.channelName),
      );
      if (stale()) return;
    } catch (error) {
      if (stale()) return;
      const refused = error instanceof RefusedChannel ? error : new RefusedChannel(0, "Could not reach the server.");
      for (const { request, callback } of batch) this.answer(request.channelName, callback, refused);
      return;
    }
    batch.forEach(({ request, callback }, i) => {
      const grant = grants[i];
      if (!grant) this.answer(request.channelName, callback, new RefusedChannel(0, "The server did not answer for this channel."));
      else if ("error" in grant) this.answer(request.channelName, callback, new RefusedChannel(grant.error.status, grant.error.message));
      else this.answer(request.channelName, callback, null, grant);
    });
  }

  private answer(channelName: string, callback: ChannelAuthCallback, refused: RefusedChannel | null, grant?: { auth: string; channel_data?: string }) {
    if (refused) {
      this.refusals.set(channelName, refused);
      callback(refused, null);
    } else {
      this.refusals.delete(channelName);
      callback(null, { auth: grant!.auth, ...(grant!.channel_data ? { channel_data: grant!.channel_data } : {}) });
    }
  }
}
