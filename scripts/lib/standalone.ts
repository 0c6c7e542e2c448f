/** Where `next build` (output: "standalone") puts the self-contained server, relative to the project. */
export const STANDALONE_DIR = ".next/standalone";
/** Its entry, run as `node server.js` from that directory: by `npm start`, the Docker image and the end-to-end tests. */
export const STANDALONE_ENTRY = "server.js";
