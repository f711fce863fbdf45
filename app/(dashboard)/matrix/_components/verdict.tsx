import { VERDICT_SYMBOLS } from "@/lib/matrix";
import type { Verdict } from "@/lib/schemas/probes";

/** Colours per verdict; the symbol and the word carry the meaning too (colour-blind users). */
export const VERDICT_CLASSES: Record<Verdict, string> = {
  supported: "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  partial: "bg-amber-50 text-amber-800 dark:bg-amber-950 dark:text-amber-200",
  unsupported: "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200",
  error: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200",
  skipped: "bg-white text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400",
};

/** A verdict as symbol + word, coloured. */
export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <span
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ${VERDICT_CLASSES[verdict]}`}
    >
      <span aria-hidden="true">{VERDICT_SYMBOLS[verdict]}</span>
      {verdict}
    </span>
  );
}

/** A small spinner with a text alternative. */
export function Spinner({ label }: { label: string }) {
  return (
    <span role="status" className="inline-flex items-center gap-1 text-xs text-zinc-500">
      <span
        aria-hidden="true"
        className="inline-block size-3 animate-spin rounded-full border-2 border-zinc-300 border-t-brand-600"
      />
      <span className="sr-only">{label}</span>
    </span>
  );
}
