import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BackLink, PageHeader } from "@/app/_components/ui";
import { AppError } from "@/lib/errors";
import { runHistoryQuerySchema } from "@/lib/schemas/matrix";
import { getRunHistory } from "@/lib/server/matrix/service";
import { requirePageUser } from "@/lib/server/session";
import { HistoryView } from "./_components/history-view";

export const metadata: Metadata = { title: "Probe history" };

/** The run history of one provider+model: `?providerId=&model=`. */
export default async function HistoryPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  await requirePageUser();
  const parsed = runHistoryQuerySchema.safeParse({ ...(await searchParams), limit: 30 });
  if (!parsed.success) notFound();
  const history = await getRunHistory(parsed.data).catch((err: unknown) => {
    if (err instanceof AppError && (err.code === "not_found" || err.code === "validation_failed")) notFound();
    throw err;
  });
  return (
    <>
      <BackLink href="/matrix">Matrix</BackLink>
      <PageHeader
        title={`History of ${history.providerName} · ${history.model}`}
        description="Every probe run of this model, newest first: what changed since the previous run, each feature's verdicts over time, and latency per feature."
      />
      <HistoryView initialHistory={history} />
    </>
  );
}
