// The parts of web-push (which ships no types) that lib/push uses.
declare module "web-push" {
  export type PushSubscription = { endpoint: string; keys: { p256dh: string; auth: string } };
  export type RequestOptions = {
    vapidDetails?: { subject: string; publicKey: string; privateKey: string };
    TTL?: number;
    urgency?: "very-low" | "low" | "normal" | "high";
    topic?: string;
    timeout?: number;
    contentEncoding?: "aes128gcm" | "aesgcm";
  };
  export type SendResult = { statusCode: number; body: string; headers: Record<string, string> };
  export class WebPushError extends Error {
    statusCode: number;
    body: string;
    endpoint: string;
  }
  export function sendNotification(subscription: PushSubscription, payload?: string | Buffer | null, options?: RequestOptions): Promise<SendResult>;
  export function generateVAPIDKeys(): { publicKey: string; privateKey: string };
  export type RequestDetails = { method: string; headers: Record<string, string | number>; body: Buffer | null; endpoint: string };
  /** The encrypted body and the VAPID and Web Push headers of one push request, not sent. */
  export function generateRequestDetails(subscription: PushSubscription, payload?: string | Buffer | null, options?: RequestOptions): RequestDetails;
  const webPush: {
    sendNotification: typeof sendNotification;
    generateVAPIDKeys: typeof generateVAPIDKeys;
    generateRequestDetails: typeof generateRequestDetails;
    WebPushError: typeof WebPushError;
  };
  export default webPush;
}
