/**
 * The one way the app shows a moment: relative ("3 min ago", "yesterday") with the exact
 * local date and time on hover. Pure and zod-free, for server and browser alike.
 */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto", style: "long" });

/** "just now", "3 minutes ago", "yesterday", "in 2 hours" — `now` in ms since the epoch. */
export function relativeTime(iso: string, now: number): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Number.isNaN(seconds)) return "unknown time";
  // A moment slightly ahead is the clocks of server and browser disagreeing, not the future.
  if (Math.abs(seconds) < 45) return "just now";
  if (seconds > 0 && seconds < 5 * 60) return "just now";
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "minute") {
      return relative.format(Math.round(seconds / size), unit);
    }
  }
  return "just now";
}

/** "Dec 1, 2026, 7:52:41 AM" in the viewer's time zone (`timeZone` only for tests). */
export function exactTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium", timeZone }).format(date);
}

/** "Dec 1, 7:52 AM": compact, for chart axes and pickers where many moments sit side by side. */
export function shortTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat("en", {
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
  }).format(date);
}

/** "7:52:41 AM": the time of day to the second, for moments on the same day. */
export function clockTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat("en", { timeStyle: "medium", timeZone }).format(date);
}
