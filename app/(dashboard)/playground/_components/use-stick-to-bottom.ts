"use client";

import { useEffect, useRef } from "react";
import type { ColumnState } from "@/lib/playground/types";

/** How close to the bottom (px) still counts as "reading the newest message". */
const NEAR = 80;

/**
 * Keeps a scrolling conversation pinned to its newest text while a reply grows — unless the
 * reader scrolled up to read something earlier, then it stays where they are.
 */
export function useStickToBottom(columns: ColumnState[]) {
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onScroll = () => {
      pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR;
    };
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => el.removeEventListener("scroll", onScroll);
  }, []);
  const size = columns.reduce(
    (n, c) => n + c.messages.length * 1_000_000 + (c.messages.at(-1)?.content.length ?? 0),
    0,
  );
  useEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [size]);
  return ref;
}
