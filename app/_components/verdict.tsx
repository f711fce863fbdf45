import {
  CircleCheck,
  CircleMinus,
  CircleQuestionMark,
  LoaderCircle,
  OctagonX,
  TriangleAlert,
  type LucideIcon,
} from "lucide-react";
import { VERDICT_INFO, type Verdict } from "@/lib/probe-vocabulary";

/**
 * How each verdict is drawn. The words live in lib/probe-vocabulary.ts; this is only the
 * picture: a distinct shape per verdict (circle with a check, triangle, octagon, circle with
 * a question mark, circle with a minus), so colour is never the only cue.
 */
export const VERDICT_STYLE: Record<Verdict, { Icon: LucideIcon; icon: string; cell: string; badge: string }> = {
  supported: {
    Icon: CircleCheck,
    icon: "text-emerald-600 dark:text-emerald-400",
    cell: "bg-emerald-50 dark:bg-emerald-950/50",
    badge: "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  },
  partial: {
    Icon: TriangleAlert,
    icon: "text-amber-600 dark:text-amber-400",
    cell: "bg-amber-50 dark:bg-amber-950/50",
    badge: "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  },
  unsupported: {
    Icon: OctagonX,
    icon: "text-red-600 dark:text-red-400",
    cell: "bg-red-50 dark:bg-red-950/50",
    badge: "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200",
  },
  error: {
    Icon: CircleQuestionMark,
    icon: "text-violet-600 dark:text-violet-400",
    cell: "bg-violet-50 dark:bg-violet-950/40",
    badge: "bg-violet-50 text-violet-800 dark:bg-violet-950 dark:text-violet-200",
  },
  skipped: {
    Icon: CircleMinus,
    icon: "text-zinc-500 dark:text-zinc-400",
    cell: "bg-zinc-50 dark:bg-zinc-900",
    badge: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  },
};

/** A verdict's icon alone; the caller gives the accessible name (e.g. the cell's button). */
export function VerdictIcon({ verdict, size = 18 }: { verdict: Verdict; size?: number }) {
  const { Icon, icon } = VERDICT_STYLE[verdict];
  return <Icon aria-hidden="true" size={size} strokeWidth={2.25} className={`shrink-0 ${icon}`} />;
}

/** A verdict as icon + word, coloured. */
export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${VERDICT_STYLE[verdict].badge}`}
    >
      <VerdictIcon verdict={verdict} size={14} />
      {VERDICT_INFO[verdict].label}
    </span>
  );
}

/** A small spinner; `label` is its text alternative. */
export function Spinner({ label, size = 16 }: { label: string; size?: number }) {
  return <LoaderCircle role="img" aria-label={label} size={size} className="shrink-0 animate-spin text-brand-600" />;
}
