import { Asterisk, Flag } from "lucide-react";
import { VerdictIcon } from "@/app/_components/verdict";
import { VERDICT_INFO, VERDICTS } from "@/lib/probe-vocabulary";

/** What each icon means (the same words as the cells' names and tooltips). */
export function MatrixLegend() {
  return (
    <ul aria-label="Legend" className="flex flex-wrap gap-x-5 gap-y-1.5 text-xs text-zinc-600 dark:text-zinc-400">
      {VERDICTS.map((v) => (
        <li key={v} className="flex items-center gap-1.5" title={VERDICT_INFO[v].meaning}>
          <VerdictIcon verdict={v} size={15} />
          <span>
            <span className="font-medium text-zinc-800 dark:text-zinc-200">{VERDICT_INFO[v].label}</span>{" "}
            <span className="hidden lg:inline">— {VERDICT_INFO[v].meaning}</span>
          </span>
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <Flag aria-hidden="true" size={12} className="fill-fuchsia-600 text-fuchsia-700 dark:text-fuchsia-300" />
        declared ≠ observed
      </li>
      <li className="flex items-center gap-1.5">
        <Asterisk aria-hidden="true" size={12} strokeWidth={3} className="text-sky-700 dark:text-sky-300" />
        warnings: the answer deviates from OpenAI&apos;s spec
      </li>
      <li>Hover a cell for its latency and reason; open it for the evidence.</li>
    </ul>
  );
}
