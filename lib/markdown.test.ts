import { describe, expect, test } from "vitest";
import { MAX_DEPTH, parseMessage, toPlainText, type Block } from "./markdown";

const para = (...children: unknown[]) => ({ type: "paragraph", children });
const text = (t: string) => ({ type: "text", text: t });

describe("parseMessage", () => {
  test("a text with carriage returns is shown exactly as sent, unformatted", () => {
    for (const body of ["a\rb", "**x**\r\n*y*", "\r"]) expect(parseMessage(body)).toEqual([para(text(body))]);
  });

  test("bold, italic, strikethrough and inline code", () => {
    expect(parseMessage("**b** *i* ~~s~~ `c`")).toEqual([
      para(
        { type: "strong", children: [text("b")] },
        text(" "),
        { type: "em", children: [text("i")] },
        text(" "),
        { type: "del", children: [text("s")] },
        text(" "),
        { type: "code", text: "c" },
      ),
    ]);
  });

  test("underscores never format: code and names stay as written", () => {
    for (const body of ["_j_", "__init__", '{"__proto__":{"admin":true}}', "snake_case_name", "__a__ and _b_"]) {
      const blocks = parseMessage(body);
      expect(blocks).toHaveLength(1);
      expect(JSON.stringify(blocks)).not.toMatch(/"(strong|em)"/);
      expect(toPlainText(body)).toBe(body);
    }
  });

  test("marks nest: bold inside italic", () => {
    expect(parseMessage("*a **b** c*")).toEqual([para({ type: "em", children: [text("a "), { type: "strong", children: [text("b")] }, text(" c")] })]);
  });

  test("a fenced code block keeps its text exactly, HTML and Markdown included", () => {
    const code = "<script>alert(1)</script>\n**not bold**\n  indented";
    expect(parseMessage("```html\n" + code + "\n```")).toEqual([{ type: "code", lang: "html", text: code }]);
  });

  test("an unclosed fence runs to the end of the message", () => {
    expect(parseMessage("```\nfoo\nbar")).toEqual([{ type: "code", lang: "", text: "foo\nbar" }]);
  });

  test("inline code keeps HTML and entities as typed", () => {
    expect(parseMessage("`<b>&amp;</b>`")).toEqual([para({ type: "code", text: "<b>&amp;</b>" })]);
  });

  test("quotes and lists, nested", () => {
    expect(parseMessage("> said\n> more\n\n- a\n- b\n  1. c")).toEqual([
      { type: "quote", children: [para(text("said\nmore"))] },
      {
        type: "list",
        ordered: false,
        start: 1,
        items: [[para(text("a"))], [para(text("b")), { type: "list", ordered: true, start: 1, items: [[para(text("c"))]] }]],
      },
    ]);
  });

  test("an ordered list keeps its first number", () => {
    expect(parseMessage("3. three\n4. four")).toMatchObject([{ type: "list", ordered: true, start: 3 }]);
  });

  test("raw HTML is text, never markup", () => {
    const html = `<img src=x onerror="alert(1)"><b>bold</b> & <script>x</script>`;
    expect(parseMessage(html)).toEqual([para(text(html))]);
    expect(parseMessage("<div>\nblock\n</div>")).toEqual([para(text("<div>\nblock\n</div>"))]);
  });

  test("Markdown links, images and autolinks stay as typed (the renderer links bare URLs only)", () => {
    const s = "[bank](http://evil.example) ![x](http://e.example/a.png) <http://a.example> http://b.example/c";
    expect(parseMessage(s)).toEqual([para(text(s))]);
  });

  test("headings, rules, tables and indented code are not part of the subset", () => {
    for (const s of ["# not a heading", "title\n===", "a\n\n---\n\nb", "| a | b |\n|---|---|\n| 1 | 2 |", "    four spaces"]) {
      expect(toPlainText(s)).toBe(s.replace(/\n\n/g, "\n"));
      expect(parseMessage(s).every((b) => b.type === "paragraph")).toBe(true);
    }
  });

  test("line breaks inside a paragraph are kept", () => {
    expect(parseMessage("hi Alice!\nHow are you?")).toEqual([para(text("hi Alice!\nHow are you?"))]);
  });

  test("a backslash escapes a mark; entities are not decoded", () => {
    expect(parseMessage("\\*not italic\\* &lt;b&gt;")).toEqual([para(text("*not italic* &lt;b&gt;"))]);
  });

  test("trailing spaces before a line break stay", () => {
    expect(toPlainText("line 1    \nline 2\tend")).toBe("line 1    \nline 2\tend");
  });

  test("a backslash before anything but a mark stays", () => {
    for (const s of ["%_\\%", "C:\\Users\\x", "50\\% \\> \\#", "\\\\"]) expect(toPlainText(s)).toBe(s);
  });

  test("character references stay as typed, in text, bold and code", () => {
    for (const s of ["&lt;b&gt; <!-- x --> &amp; &#x3C;", "&#60;&#x3E;&quot;&nbsp;&copy;"]) expect(toPlainText(s)).toBe(s);
    expect(parseMessage("**&#x3C;** `&#x3C;`")).toEqual([para({ type: "strong", children: [text("&#x3C;")] }, text(" "), { type: "code", text: "&#x3C;" })]);
  });

  test("unbalanced marks are text", () => {
    expect(parseMessage("2 * 3 = 6 and **half")).toEqual([para(text("2 * 3 = 6 and **half"))]);
  });

  test("task boxes stay as typed", () => {
    expect(toPlainText("- [ ] milk\n- [x] eggs")).toBe("[ ] milk\n[x] eggs");
  });

  test("quotes and lists nest at most MAX_DEPTH deep; deeper ones show as written", () => {
    const deep = ">".repeat(3000) + " deep";
    const blocks = parseMessage(deep);
    let depth = 0;
    let node: Block | undefined = blocks[0];
    while (node?.type === "quote") {
      depth++;
      node = node.children[0];
    }
    expect(depth).toBe(MAX_DEPTH);
    expect(node).toMatchObject({ type: "paragraph" });
    expect(toPlainText(deep)).toContain("deep");

    const list = Array.from({ length: 500 }, (_, i) => `${"  ".repeat(i)}- item${i}`).join("\n");
    expect(toPlainText(list)).toContain("item0");
    expect(toPlainText(list)).toContain("item499");
  });

  test("whitespace-only and hostile text never throws", () => {
    for (const s of [
      "   ",
      "\n\n\n",
      "\u0000\u202E\uFEFF",
      "\uD800 lone",
      "😀".repeat(4000),
      "*".repeat(4000),
      "`".repeat(4000),
      "~".repeat(4000),
      "[".repeat(4000),
      "_a".repeat(2000),
    ]) {
      expect(() => toPlainText(s)).not.toThrow();
    }
    expect(toPlainText("😀".repeat(4000))).toBe("😀".repeat(4000));
  });
});

describe("toPlainText", () => {
  test("drops the marks, keeps the words", () => {
    expect(toPlainText("**Lunch** at `12`, ~~not~~ *now*")).toBe("Lunch at 12, not now");
    expect(toPlainText("> quoted\n\n- one\n- two\n\n```\ncode\n```")).toBe("quoted\none\ntwo\ncode");
  });

  test("plain text is unchanged", () => {
    for (const s of ["hello", "a\nb", "http://x.example/a_b_c", "snake_case_name", "<b>x</b>", "2 * 3 * 4"]) {
      expect(toPlainText(s)).toBe(s);
    }
  });
});
