import { expect, test } from "vitest";
import { clockTime, exactTime, relativeTime, shortTime } from "./format-time";

const now = Date.parse("2026-12-01T08:00:00.000Z");
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

test("moments read relative to now, in the largest unit that fits", () => {
  expect(relativeTime(ago(10), now)).toBe("just now");
  expect(relativeTime(ago(3 * 60), now)).toBe("3 minutes ago");
  expect(relativeTime(ago(2 * 3600), now)).toBe("2 hours ago");
  expect(relativeTime(ago(26 * 3600), now)).toBe("yesterday");
  expect(relativeTime(ago(9 * 24 * 3600), now)).toBe("last week");
  expect(relativeTime(new Date(now + 10 * 60_000).toISOString(), now)).toBe("in 10 minutes");
  // A little ahead is two clocks disagreeing.
  expect(relativeTime(new Date(now + 90_000).toISOString(), now)).toBe("just now");
  expect(relativeTime("not a date", now)).toBe("unknown time");
});

test("the exact time is one format, in the given time zone", () => {
  expect(exactTime("2026-12-01T07:52:41.460Z", "UTC")).toBe("Dec 1, 2026, 7:52:41 AM");
  expect(exactTime("2026-12-01T07:52:41.460Z", "Europe/Paris")).toBe("Dec 1, 2026, 8:52:41 AM");
});

test("the short forms: month, day and time; or the time of day to the second", () => {
  expect(shortTime("2026-12-01T07:52:41.460Z", "UTC")).toBe("Dec 1, 7:52 AM");
  expect(clockTime("2026-12-01T07:52:41.460Z", "UTC")).toBe("7:52:41 AM");
});
