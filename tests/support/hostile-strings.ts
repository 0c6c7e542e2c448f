type Named<T> = { name: string; value: T };

/** The cases as the tests name them in their titles, in the order written. */
function named<T>(cases: Record<string, T>): Named<T>[] {
  return Object.entries(cases).map(([name, value]) => ({ name, value }));
}

/**
 * Text that has broken other apps: every text field must store it and show it back exactly (after
 * the normalisation its validator documents, such as trimming), or refuse it with a clear message.
 */
export const HOSTILE_STRINGS: readonly Named<string>[] = named({
  "a null byte": "a\u0000b",
  "only null bytes": "\u0000\u0000\u0000",
  "a lone high surrogate": "x\ud800y",
  "a lone low surrogate": "\udc00",
  "a right-to-left override": "invoice\u202Efdp.exe",
  "direction marks and isolates": "\u200E\u2066abc\u2069\u200F",
  "zero-width characters": "a\u200Bb\u200Cc\u200Dd\u2060e",
  "only zero-width spaces": "\u200B\u200B\u200B",
  "a byte-order mark inside": "a\uFEFFb",
  "4,000 emoji": "😀".repeat(4000),
  "4,001 emoji": "😀".repeat(4001),
  "an emoji at an odd offset": `x${"😀".repeat(200)}`,
  "a family emoji (one ZWJ sequence)": "👨‍👩‍👧‍👦",
  "an image with an onerror handler": '<img src=x onerror="window.__hostile=1">',
  "a script tag": "<script>window.__hostile=1</script>",
  "entities and a comment": "&lt;b&gt; <!-- x --> &amp; &#x3C;",
  "a javascript: URL": "javascript:window.__hostile=1",
  "SQL injection": "'; DROP TABLE message; --",
  "SQL quote games": `" OR 1=1 -- ' OR ''='`,
  "FTS5 query syntax": 'NEAR(a b) OR body:* "x',
  "LIKE wildcards": "%_\\%",
  "combining characters (zalgo)": "Z̴̡̛͉̈́a̸̧͎̐l̵̰̈́g̶̱̀o̵̙̔",
  "a decomposed é": "e\u0301",
  "mathematical letters": "𝐚𝐧𝐚",
  "a dotted capital I": "İstanbul",
  "a very long name": "a".repeat(10_000),
  "a 33-letter username": "a".repeat(33),
  "what React's wire format escapes": "$@1 $undefined $D2020-01-01 $$",
  "a template literal": "${process.exit()}",
  "line breaks and tabs": "line 1\r\nline 2\tend",
  "JSON with __proto__": '{"__proto__":{"admin":true}}',
  "surrounding spaces": "  padded  ",
});

/** Values of the wrong type, for arguments and JSON fields that expect text. */
export const CONFUSED_VALUES: readonly Named<unknown>[] = named({
  "a number": 42,
  "an array": ["hello"],
  "an object": { toString: "hello" },
  null: null,
  "a boolean": true,
  "an object with __proto__": JSON.parse('{"__proto__":{"admin":true}}') as unknown,
  nothing: undefined,
});
