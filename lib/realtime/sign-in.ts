import type { UserAuthenticationHandler } from "pusher-js";

/**
 * pusher-js's user-auth handler, made from the request that signs a socket in. pusher-js sends an
 * answer on whatever connection is open when it arrives. One asked for a socket that has since been
 * replaced (a reconnect while the app server was slow) fails the new socket's signature check, and
 * the server ends that socket (4009): it is dropped here, since pusher-js asks again for every new
 * connection. `socketId` is read when the answer arrives, so the client may be made after this.
 */
export function signInCurrentSocket(
  signIn: (socketId: string) => Promise<{ auth: string; user_data: string }>,
  socketId: () => string | undefined,
): UserAuthenticationHandler {
  return ({ socketId: asked }, callback) => {
    const current = () => socketId() === asked;
    signIn(asked).then(
      (data) => current() && callback(null, data),
      (error: Error) => current() && callback(error, null),
    );
  };
}
