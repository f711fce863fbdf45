"use client";

import { X } from "lucide-react";
import { useEffect } from "react";

/** Below this width the side panels are drawers over the page (Tailwind's `lg`). */
export const WIDE_QUERY = "(min-width: 1024px)";

/**
 * Open state of a side panel: null follows the screen (open on wide screens, closed on
 * phones), a boolean is the user's choice.
 */
export type PanelState = boolean | null;

/** The panel's state after its toggle was pressed, on the screen it was pressed on. */
export function toggled(state: PanelState): boolean {
  const wide = window.matchMedia(WIDE_QUERY).matches;
  return !(state ?? wide);
}

/**
 * A side panel: a column of the layout on wide screens (hidden when collapsed), a drawer
 * over the page on phones (a backdrop closes it, so does Escape).
 */
export function SidePanel({
  side,
  label,
  state,
  onClose,
  className = "",
  children,
}: {
  side: "left" | "right";
  label: string;
  state: PanelState;
  onClose: () => void;
  className?: string;
  children: React.ReactNode;
}) {
  const drawerOpen = state === true;
  useEffect(() => {
    if (!drawerOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !window.matchMedia(WIDE_QUERY).matches) onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [drawerOpen, onClose]);

  const wide = state === false ? "lg:hidden" : "lg:flex";
  const phone = drawerOpen
    ? `max-lg:fixed max-lg:inset-y-0 max-lg:z-50 max-lg:flex max-lg:w-[min(22rem,88vw)] max-lg:shadow-2xl ${side === "left" ? "max-lg:left-0" : "max-lg:right-0"}`
    : "max-lg:hidden";
  const border = side === "left" ? "lg:border-r" : "lg:border-l";
  return (
    <>
      {drawerOpen ? (
        <div aria-hidden="true" className="fixed inset-0 z-40 bg-black/40 lg:hidden" onClick={onClose} />
      ) : null}
      <aside
        aria-label={label}
        className={`min-h-0 shrink-0 flex-col overflow-y-auto border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950 ${border} ${wide} ${phone} ${className}`}
      >
        <div className="flex justify-end p-1 lg:hidden">
          <button
            type="button"
            onClick={onClose}
            aria-label={`Close ${label.toLowerCase()}`}
            className="inline-flex size-9 items-center justify-center rounded-md hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            <X aria-hidden="true" size={18} />
          </button>
        </div>
        {children}
      </aside>
    </>
  );
}
