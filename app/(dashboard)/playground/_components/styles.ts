/** Class names shared by the playground's components (no "use client": the shared-session page renders on the server). */

/** A small borderless action (Rename, Share, ↑ ↓ ✕). */
export const quietButtonClass =
  "rounded px-1.5 py-0.5 text-xs text-zinc-600 hover:bg-zinc-100 disabled:opacity-50 dark:text-zinc-300 dark:hover:bg-zinc-800";

/** A toolbar action: icon and (on wide screens) its word. */
export const toolButtonClass =
  "inline-flex h-8 shrink-0 items-center gap-1.5 rounded-md px-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 disabled:cursor-not-allowed disabled:opacity-50 aria-pressed:bg-zinc-900 aria-pressed:text-white dark:text-zinc-200 dark:hover:bg-zinc-800 dark:aria-pressed:bg-zinc-100 dark:aria-pressed:text-zinc-900";

const COLUMN_GRID: Record<number, string> = {
  1: "",
  2: "md:grid-cols-2",
  3: "md:grid-cols-2 xl:grid-cols-3",
  4: "md:grid-cols-2 2xl:grid-cols-4",
};

/** The grid that puts `count` compare columns side by side on wide screens (divided by a rule). */
export function columnGridClass(count: number): string {
  return `grid min-h-full divide-zinc-200 max-md:divide-y md:divide-x dark:divide-zinc-800 ${COLUMN_GRID[count] ?? ""}`;
}
