/** Shown at once while a dashboard page renders on the server (instead of a blank page). */
export default function Loading() {
  return (
    <div role="status" aria-label="Loading" className="animate-pulse space-y-4">
      <div className="h-7 w-64 rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="h-4 w-96 max-w-full rounded bg-zinc-100 dark:bg-zinc-900" />
      <div className="h-64 rounded-lg bg-zinc-100 dark:bg-zinc-900" />
    </div>
  );
}
