/**
 * pusher-js, after its server went away, keeps one connection attempt going and retries on timers of
 * its own: measured against a Soketi killed and started again 2 s later, it reconnected 10–15 s after
 * the server was back. While it is not connected, this restarts the attempt after a random 2–5 s,
 * then after longer and longer pauses (up to 30 s): a restarted server is found within seconds, the
 * tabs that lost it come back spread over those seconds rather than all at once, and an offline
 * device does not spin. A pause long enough for a slow handshake is left alone.
 */
export type Reconnectable = {
  connection: {
    state: string;
    bind: (event: "state_change", callback: (states: { previous: string; current: string }) => void) => void;
  };
  connect: () => void;
  disconnect: () => void;
};

const FIRST_MS = [2000, 5000] as const;
/** Attempts at the first pace before the pauses grow. */
const STEADY_ATTEMPTS = 6;
const GROWTH = 1.5;
const LONGEST_MS = 30_000;

export function keepReconnecting(client: Reconnectable, random: () => number = Math.random): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let stopped = false;
  /** Set while this restarts the attempt: the "disconnected" it goes through is not the app's own. */
  let restarting = false;

  const schedule = () => {
    if (timer !== undefined || stopped) return;
    const [low, high] = FIRST_MS;
    const factor = Math.min(GROWTH ** Math.max(0, attempt - STEADY_ATTEMPTS), LONGEST_MS / high);
    const delay = (low + (high - low) * random()) * factor;
    timer = setTimeout(() => {
      timer = undefined;
      if (stopped || client.connection.state === "connected") return;
      attempt++;
      restarting = true;
      client.disconnect();
      client.connect();
      restarting = false;
      schedule();
    }, delay);
  };

  client.connection.bind("state_change", ({ current }) => {
    if (current === "connected") {
      attempt = 0;
      clearTimeout(timer);
      timer = undefined;
    } else if (current === "connecting" || current === "unavailable") {
      schedule();
    } else if (current === "disconnected" && !restarting) {
      // The app disconnected on purpose (sign-out, a page leaving): nothing to restart.
      clearTimeout(timer);
      timer = undefined;
    }
  });
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
