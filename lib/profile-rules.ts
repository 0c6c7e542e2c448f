// Shared with the browser, so no zod here (eslint.config.mjs refuses it). zod probes whether it may
// compile parsers with `new Function` as it builds its first object schema, and under the
// Content-Security-Policy (no 'unsafe-eval') that probe is a reported violation in every browser
// that loads it. The schemas that enforce these live in lib/validations/profile.ts.

export const MAX_BIO_LENGTH = 280;
export const MAX_NAME_LENGTH = 50;
