import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RelativeTime } from "@/app/_components/relative-time";
import { ScrollFrame } from "@/app/_components/scroll-frame";
import { TableHead, tableHeadClass } from "@/app/_components/table";
import { PageHeader } from "@/app/_components/ui";
import { AppError } from "@/lib/errors";
import { flagText, runTriggerText } from "@/lib/probe-vocabulary";
import { getRunStarterName } from "@/lib/server/matrix/service";
import { getProbeRun } from "@/lib/server/probes/service";
import { listFeatures } from "@/lib/server/probes/registry";
import { getProvider } from "@/lib/server/providers/service";
import { requirePageUser } from "@/lib/server/session";
import { VerdictBadge } from "@/app/_components/verdict";

export const metadata: Metadata = { title: "Probe run" };

/** A permalink to one run, read-only for any signed-in user: every verdict with its reason and latency. */
export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePageUser();
  const run = await getProbeRun(id).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  const [provider, startedBy] = await Promise.all([
    getProvider(run.providerId).catch(() => null),
    getRunStarterName(run.id),
  ]);
  const titles = new Map(listFeatures().map((f) => [f.feature, f.title]));
  const history = `/matrix/history?${new URLSearchParams({ providerId: run.providerId, model: run.model })}`;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/matrix" className="text-brand-600 hover:underline dark:text-brand-100">
          ← Matrix
        </Link>{" "}
        ·{" "}
        <Link href={history} className="text-brand-600 hover:underline dark:text-brand-100">
          History of this model
        </Link>
      </p>
      <PageHeader title={`Probe run of ${provider?.name ?? "a deleted provider"} · ${run.model}`} />
      <p className="-mt-4 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        {run.status}, {run.done} of {run.total} results · started <RelativeTime iso={run.startedAt} /> ·{" "}
        {runTriggerText(run.trigger, startedBy)} · server version {run.serverVersion ?? "not exposed"} · Switchyard{" "}
        {run.appVersion}
      </p>
      {run.error ? (
        <p role="alert" className="mb-4 text-sm text-red-700">
          {run.error}
        </p>
      ) : null}
      {run.blocker ? (
        <p data-testid="run-finding" className="mb-4 text-sm text-amber-900 dark:text-amber-200">
          {run.blocker.kind === "unreachable" ? "Unreachable" : "Finding for the whole run"}: {run.blocker.reason}
        </p>
      ) : null}
      <ScrollFrame label="Results">
        <table className="w-full min-w-[40rem] text-left text-sm">
          <caption className="sr-only">Results of this run</caption>
          <TableHead
            columns={["Feature", "Verdict", "Latency", "Reason"]}
            className={tableHeadClass}
            cellClassName="px-3 py-2"
          />
          <tbody>
            {run.results.map((r) => (
              <tr key={r.id} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                <th scope="row" className="px-3 py-2 font-normal">
                  {titles.get(r.feature) ?? r.feature} <code className="text-xs text-zinc-500">{r.feature}</code>
                </th>
                <td className="px-3 py-2">
                  <VerdictBadge verdict={r.verdict} />
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  {r.latencyMs} ms{r.ttftMs !== null ? ` (TTFT ${r.ttftMs} ms)` : ""}
                </td>
                <td className="px-3 py-2">
                  {r.reason}
                  {r.disagreement ? <span className="block text-xs">Declared ≠ observed: {r.disagreement}</span> : null}
                  {r.warnings.map((w) => (
                    <span key={w} className="block text-xs text-sky-800 dark:text-sky-200">
                      Warning: {w}
                    </span>
                  ))}
                  {r.flags.map((f) => (
                    <span key={f} className="block text-xs" title={f}>
                      {flagText(f)}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollFrame>
    </>
  );
}
