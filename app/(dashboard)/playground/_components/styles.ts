/** Class names shared by the playground's components (no "use client": the shared-session page renders on the server). */

/** A small borderless action (Rename, Share, ↑ ↓ ✕). */
export const quietButtonClass =
  "rounded px-1.5 py-0.5 text-xs text-zinc-600 hover:bg-zinc-100 disabled:opacity-50 dark:text-zinc-300 dark:hover:bg-zinc-800";

const COLUMN_GRID: Record<number, string> = {
  2: "lg:grid-cols-2",
  3: "lg:grid-cols-3",
  4: "lg:grid-cols-2 2xl:grid-cols-4",
};

/** The grid that puts `count` compare columns side by side on wide screens. */
export function columnGridClass(count: number): string {
  return `grid gap-4 ${COLUMN_GRID[count] ?? ""}`;
}
