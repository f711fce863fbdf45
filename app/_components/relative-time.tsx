"use client";

import { useSyncExternalStore } from "react";
import { exactTime, relativeTime } from "@/lib/format-time";

/** One clock for every relative time on the page, ticking each 30 s while any is shown. */
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) now = Date.now();
  timer ??= setInterval(() => {
    now = Date.now();
    for (const l of listeners) l();
  }, 30_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The server's (and hydration's) clock, to the second so repeated reads during a render agree. */
const secondNow = () => Math.floor(Date.now() / 1000) * 1000;
const noop = () => () => {};

/**
 * A moment as the app always shows it: relative ("3 minutes ago"), with the exact local date
 * and time on hover. The exact time is added in the browser only: the server does not know
 * the viewer's time zone.
 */
export function RelativeTime({ iso, prefix = "" }: { iso: string; prefix?: string }) {
  const clock = useSyncExternalStore(subscribe, () => now, secondNow);
  const inBrowser = useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
  return (
    <time dateTime={iso} title={inBrowser ? exactTime(iso) : undefined} suppressHydrationWarning>
      {prefix}
      {relativeTime(iso, clock)}
    </time>
  );
}
