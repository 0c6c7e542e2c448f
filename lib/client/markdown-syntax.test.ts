import { describe, expect, test } from "vitest";
import { parseMessage, toPlainText } from "@/lib/markdown";
import { mayHaveMarkdown } from "./markdown-syntax";

const plain = (body: string) => [{ type: "paragraph", children: [{ type: "text", text: body }] }];

// Characters Markdown gives a meaning to, and some it does not, with letters and white space.
const ALPHABET = [
  "a",
  "b",
  "2",
  "0",
  " ",
  " ",
  "\n",
  "\n",
  "*",
  "_",
  "~",
  "`",
  ">",
  "-",
  "+",
  "1",
  "9",
  ".",
  ")",
  "#",
  "\\",
  "&",
  ";",
  "<",
  "/",
  "[",
  "]",
  "(",
  "!",
  "|",
  "=",
  ":",
  "\t",
  "\0",
  "\u00a0",
  "\u2028",
  "\uFEFF",
  "😀",
];

function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe("mayHaveMarkdown", () => {
  test("plain messages need no formatter", () => {
    for (const s of [
      "hello",
      "hi Alice!\nHow are you?",
      "snake_case_name",
      "__init__",
      "<b>x</b>",
      "http://x.example/a_b_c",
      "[bank](http://evil.example)",
      "# not a heading",
      "a.b",
      "50%",
      "5 minutes",
      "2024 was",
    ]) {
      expect(mayHaveMarkdown(s)).toBe(false);
    }
  });

  test("marks, quotes, lists and blank lines do", () => {
    for (const s of ["**b**", "*i*", "~~s~~", "`c`", "```\ncode\n```", "> said", "- a", "1. one", "a\n\nb", "a\n> b", "a\n- b", "\\*"]) {
      expect(mayHaveMarkdown(s)).toBe(true);
    }
  });

  test("whenever it says no, the formatter gives back the text as one paragraph (random texts)", () => {
    const next = random(15);
    let plainOnes = 0;
    for (let i = 0; i < 20_000; i++) {
      const length = 1 + Math.floor(next() * 14);
      const body = Array.from({ length }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join("");
      if (mayHaveMarkdown(body)) continue;
      plainOnes++;
      expect(parseMessage(body), JSON.stringify(body)).toEqual(plain(body));
      expect(toPlainText(body)).toBe(body);
    }
    // The check is worth something only if many texts are found plain.
    expect(plainOnes).toBeGreaterThan(2000);
  });

  test("a text with carriage returns is shown as sent, without the formatter", () => {
    expect(mayHaveMarkdown("**x**\r\n")).toBe(false);
    expect(parseMessage("**x**\r\n")).toEqual(plain("**x**\r\n"));
  });
});
