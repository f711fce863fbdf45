"use client";

import { useEffect, useRef, useState } from "react";

/**
 * A frame for wide content (tables). When the content fits, it is an ordinary box, so sticky
 * table headers stick to the page as it scrolls. When it does not (a phone), the frame scrolls
 * sideways itself — never the page — and says so: a shadow on the right while more is hidden
 * there, and a line of text. Sticky row headers keep the left side readable. Sticky headers
 * inside use `top-[var(--sticky-top,…)]`: the frame sets it to 0 while it is the scroller.
 */
export function ScrollFrame({
  label,
  framed = true,
  children,
}: {
  label: string;
  /** Draw the frame's border (off inside a card that has one). */
  framed?: boolean;
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // Until measured (the server's render), assume it overflows: scrolling inside is always safe.
  const [state, setState] = useState({ overflows: true, left: false, right: false });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const content = el.firstElementChild as HTMLElement | null;
      const overflows = !!content && content.offsetWidth > el.clientWidth + 1;
      const left = overflows && el.scrollLeft > 1;
      const right = overflows && el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
      setState((s) =>
        s.overflows === overflows && s.left === left && s.right === right ? s : { overflows, left, right },
      );
    };
    const resized = new ResizeObserver(update);
    const watch = () => {
      resized.disconnect();
      resized.observe(el);
      if (el.firstElementChild) resized.observe(el.firstElementChild);
      update();
    };
    // The content may be replaced (the matrix switching layout): measure the new one.
    const replaced = new MutationObserver(watch);
    replaced.observe(el, { childList: true });
    watch();
    el.addEventListener("scroll", update, { passive: true });
    return () => {
      el.removeEventListener("scroll", update);
      resized.disconnect();
      replaced.disconnect();
    };
  }, []);

  return (
    <div className="relative w-fit min-w-0 max-w-full">
      <div
        ref={ref}
        role="region"
        aria-label={label}
        // Focusable while it scrolls, so keyboard users can scroll it with the arrow keys.
        tabIndex={state.overflows ? 0 : undefined}
        data-overflows={state.overflows}
        // `relative`: visually hidden labels inside (position: absolute) stay in the frame instead of widening the page.
        className={`relative ${framed ? "rounded-lg border border-zinc-200 dark:border-zinc-800" : ""} ${state.overflows ? "overflow-x-auto [--sticky-top:0px]" : ""}`}
      >
        {children}
      </div>
      <div
        aria-hidden="true"
        className={`pointer-events-none absolute inset-y-px right-px w-8 rounded-r-lg bg-gradient-to-l from-black/15 to-transparent transition-opacity dark:from-black/60 ${state.right ? "opacity-100" : "opacity-0"}`}
      />
      {state.left || state.right ? (
        <p className="mt-1 text-right text-xs text-zinc-500" data-testid="scroll-hint">
          {state.right ? "More to the right: scroll sideways →" : "← More to the left"}
        </p>
      ) : null}
    </div>
  );
}
