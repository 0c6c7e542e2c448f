/**
 * Text that has broken other apps: every text field must store it and show it back exactly (after
 * the normalisation its validator documents, such as trimming), or refuse it with a clear message.
 */
export const HOSTILE_STRINGS: readonly { name: string; value: string }[] = [
  { name: "a null byte", value: "a\u0000b" },
  { name: "only null bytes", value: "\u0000\u0000\u0000" },
  { name: "a lone high surrogate", value: "x\ud800y" },
  { name: "a lone low surrogate", value: "\udc00" },
  { name: "a right-to-left override", value: "invoice\u202Efdp.exe" },
  { name: "direction marks and isolates", value: "\u200E\u2066abc\u2069\u200F" },
  { name: "zero-width characters", value: "a\u200Bb\u200Cc\u200Dd\u2060e" },
  { name: "only zero-width spaces", value: "\u200B\u200B\u200B" },
  { name: "a byte-order mark inside", value: "a\uFEFFb" },
  { name: "4,000 emoji", value: "😀".repeat(4000) },
  { name: "4,001 emoji", value: "😀".repeat(4001) },
  { name: "an emoji at an odd offset", value: `x${"😀".repeat(200)}` },
  { name: "a family emoji (one ZWJ sequence)", value: "👨‍👩‍👧‍👦" },
  { name: "an image with an onerror handler", value: '<img src=x onerror="window.__hostile=1">' },
  { name: "a script tag", value: "<script>window.__hostile=1</script>" },
  { name: "entities and a comment", value: "&lt;b&gt; <!-- x --> &amp; &#x3C;" },
  { name: "a javascript: URL", value: "javascript:window.__hostile=1" },
  { name: "SQL injection", value: "'; DROP TABLE message; --" },
  { name: "SQL quote games", value: `" OR 1=1 -- ' OR ''='` },
  { name: "FTS5 query syntax", value: 'NEAR(a b) OR body:* "x' },
  { name: "LIKE wildcards", value: "%_\\%" },
  { name: "combining characters (zalgo)", value: "Z̴̡̛͉̈́a̸̧͎̐l̵̰̈́g̶̱̀o̵̙̔" },
  { name: "a decomposed é", value: "e\u0301" },
  { name: "mathematical letters", value: "𝐚𝐧𝐚" },
  { name: "a dotted capital I", value: "İstanbul" },
  { name: "a very long name", value: "a".repeat(10_000) },
  { name: "a 33-letter username", value: "a".repeat(33) },
  { name: "what React's wire format escapes", value: "$@1 $undefined $D2020-01-01 $$" },
  { name: "a template literal", value: "${process.exit()}" },
  { name: "line breaks and tabs", value: "line 1\r\nline 2\tend" },
  { name: "JSON with __proto__", value: '{"__proto__":{"admin":true}}' },
  { name: "surrounding spaces", value: "  padded  " },
];

/** Values of the wrong type, for arguments and JSON fields that expect text. */
export const CONFUSED_VALUES: readonly { name: string; value: unknown }[] = [
  { name: "a number", value: 42 },
  { name: "an array", value: ["hello"] },
  { name: "an object", value: { toString: "hello" } },
  { name: "null", value: null },
  { name: "a boolean", value: true },
  { name: "an object with __proto__", value: JSON.parse('{"__proto__":{"admin":true}}') as unknown },
  { name: "nothing", value: undefined },
];
