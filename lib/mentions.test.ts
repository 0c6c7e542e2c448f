import { describe, expect, it } from "vitest";
import { insertMention, matchMembers, mentionQueryAt, usernamesToTokens } from "@/lib/client/mention-input";
import { DELETED_MENTION, mentionIdsIn, mentionsToText, mentionToken, splitMentions, tokensToUsernames } from "./mentions";

const ana = { id: "11111111-1111-4111-8111-111111111111", username: "ana", firstName: "Ana", lastName: "López" };
const ben = { id: "22222222-2222-4222-8222-222222222222", username: "ben.k", firstName: "", lastName: "" };
const members = [ana, ben];
const A = mentionToken(ana.id);
const B = mentionToken(ben.id);

describe("mention tokens", () => {
  it("finds each mentioned id once, in order, whatever the case of the id", () => {
    expect(mentionIdsIn(`hi ${B} and ${A}, ${B.toUpperCase()}`)).toEqual([ben.id, ana.id]);
    expect(mentionIdsIn("@[not-an-id] @[] @ana [x]")).toEqual([]);
  });

  it("splits a body into text and tokens", () => {
    expect(splitMentions(`${A}: see ${B}.`)).toEqual([{ userId: ana.id, token: A }, { text: ": see " }, { userId: ben.id, token: B }, { text: "." }]);
    expect(splitMentions("no mention")).toEqual([{ text: "no mention" }]);
  });

  it("reads as plain text with names now, a deleted account as Deleted user, and a token that is no mention as written", () => {
    const names = new Map([[ana.id, "Ana López"]]);
    expect(mentionsToText(`${A} and ${B}`, (id) => names.get(id) ?? null)).toBe(`@Ana López and ${DELETED_MENTION}`);
    expect(
      mentionsToText(
        `${A} and ${B}`,
        (id) => names.get(id),
        (id) => id === ana.id,
      ),
    ).toBe(`@Ana López and ${B}`);
    expect(mentionsToText("plain", () => "x")).toBe("plain");
  });
});

describe("the message box's @username", () => {
  it("sends a member's @username as their token, ignoring case and a full stop that ends the sentence", () => {
    expect(usernamesToTokens("@ana hi @Ben.K. and @carl", members)).toBe(`${A} hi ${B}. and @carl`);
    expect(usernamesToTokens("(@ana)\n@ana", members)).toBe(`(${A})\n${A}`);
  });

  it("leaves code as typed", () => {
    expect(usernamesToTokens("`@ana` @ana\n```\n@ana\n```\n@ben.k", members)).toBe(`\`@ana\` ${A}\n\`\`\`\n@ana\n\`\`\`\n${B}`);
  });

  it("leaves e-mail addresses, words and mentions-in-words alone", () => {
    expect(usernamesToTokens("mail ana@ana.com or x@ana", members)).toBe("mail ana@ana.com or x@ana");
    expect(usernamesToTokens("@@ana", members)).toBe("@@ana");
  });

  it("turns tokens back into @username to edit, keeping a token of someone not in the chat", () => {
    const other = mentionToken("33333333-3333-4333-8333-333333333333");
    expect(tokensToUsernames(`${A} ${B} ${other}`, members)).toBe(`@ana @ben.k ${other}`);
    expect(usernamesToTokens(tokensToUsernames(`${A} ${B}`, members), members)).toBe(`${A} ${B}`);
  });
});

describe("the autocomplete", () => {
  it("finds the @word at the caret, and none inside a word or an address", () => {
    expect(mentionQueryAt("hi @an", 6)).toEqual({ start: 3, query: "an" });
    expect(mentionQueryAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQueryAt("hi @an there", 12)).toBeNull();
    expect(mentionQueryAt("mail ana@an", 11)).toBeNull();
    expect(mentionQueryAt("hi @an", 5)).toEqual({ start: 3, query: "a" });
  });

  it("puts the picked username in with one space after it", () => {
    expect(insertMention("hi @an", { start: 3, query: "an" }, "ana")).toEqual({ text: "hi @ana ", caret: 8 });
    expect(insertMention("@a how", { start: 0, query: "a" }, "ana")).toEqual({ text: "@ana how", caret: 5 });
  });

  it("matches the start of a username or a name, ignoring case and accents, usernames first", () => {
    expect(matchMembers(members, "")).toEqual([ana, ben]);
    expect(matchMembers(members, "lop")).toEqual([ana]);
    expect(matchMembers(members, "BEN")).toEqual([ben]);
    expect(matchMembers(members, "zz")).toEqual([]);
  });
});
