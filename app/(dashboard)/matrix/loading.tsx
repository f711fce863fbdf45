/** The matrix's shape while it loads (after sign-in or first-run setup this is the first thing shown). */
export default function MatrixLoading() {
  return (
    <div role="status" aria-label="Loading the compatibility matrix" className="space-y-4">
      <div>
        <p className="text-2xl font-semibold tracking-tight">Compatibility matrix</p>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Reading the latest verdicts…</p>
      </div>
      <div className="animate-pulse space-y-2" aria-hidden="true">
        <div className="h-9 w-full max-w-2xl rounded-md bg-zinc-100 dark:bg-zinc-900" />
        <div className="grid grid-cols-[14rem_repeat(6,minmax(0,1fr))] gap-1">
          {Array.from({ length: 7 * 8 }, (_, i) => (
            <div key={i} className="h-10 rounded bg-zinc-100 dark:bg-zinc-900" />
          ))}
        </div>
      </div>
    </div>
  );
}
