import { describe, expect, it } from "vitest";
import { dayKey, formatDay, formatFullTime, formatListTime, formatMessageTime } from "./format";

const tokyo = { locale: "ja-JP", timeZone: "Asia/Tokyo" };
const losAngeles = { locale: "en-US", timeZone: "America/Los_Angeles" };
const at = (iso: string) => Date.parse(iso);

describe("times in the viewer's zone and locale", () => {
  it("shows one instant as each viewer's clock says it", () => {
    const sent = at("2026-12-01T20:31:00Z");
    expect(formatMessageTime(sent, tokyo)).toBe("05:31");
    // The space before PM differs between ICU versions (a plain or a narrow no-break space).
    expect(formatMessageTime(sent, losAngeles)).toMatch(/^12:31\s?PM$/u);
    expect(formatFullTime(sent, tokyo)).toBe("2026年12月2日水曜日 5:31");
  });

  it("puts an instant on the viewer's calendar day, not the server's", () => {
    const sent = at("2026-12-01T20:31:00Z");
    expect(dayKey(sent, tokyo)).toBe("2026-12-02");
    expect(dayKey(sent, losAngeles)).toBe("2026-12-01");
    expect(dayKey(sent, { timeZone: "UTC" })).toBe("2026-12-01");
  });

  it("says Today and Yesterday by the viewer's days", () => {
    const now = at("2026-12-02T01:00:00Z"); // 10:00 on the 2nd in Tokyo, 17:00 on the 1st in Los Angeles
    const lateOnFirstUtc = at("2026-12-01T16:00:00Z"); // 01:00 on the 2nd in Tokyo
    expect(formatDay(lateOnFirstUtc, now, tokyo)).toBe("Today");
    expect(formatDay(lateOnFirstUtc, now, { locale: "en-US", timeZone: "UTC" })).toBe("Yesterday");
    expect(formatDay(lateOnFirstUtc, now, losAngeles)).toBe("Today");
    expect(formatDay(at("2026-11-29T12:00:00Z"), now, losAngeles)).toBe("Sunday, November 29, 2026");
  });

  it("counts Yesterday across a daylight-saving change (a day of 25 hours)", () => {
    const now = at("2026-11-02T07:30:00Z"); // 23:30 on Nov 1 in Los Angeles, a day of 25 hours
    expect(formatDay(at("2026-10-31T08:00:00Z"), now, losAngeles)).toBe("Yesterday"); // 01:00 on Oct 31
    expect(formatDay(at("2026-11-01T07:30:00Z"), now, losAngeles)).toBe("Today"); // 00:30 on Nov 1
  });

  it("shortens list times: the time today, the weekday this week, else the date", () => {
    const now = at("2026-12-02T01:00:00Z");
    expect(formatListTime(at("2026-12-01T16:00:00Z"), now, tokyo)).toBe("01:00");
    expect(formatListTime(at("2026-11-30T12:00:00Z"), now, losAngeles)).toBe("Mon");
    expect(formatListTime(at("2026-10-01T12:00:00Z"), now, losAngeles)).toBe("Oct 1");
  });
});
