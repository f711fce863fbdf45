import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/ui";
import { usageQuerySchema } from "@/lib/schemas/usage";
import { requirePageUser } from "@/lib/server/session";
import { getUsage } from "@/lib/server/usage/service";
import { UsageView } from "../_components/usage-view";

export const metadata: Metadata = { title: "Gateway usage" };

type Search = Record<string, string | string[] | undefined>;

/** The gateway's usage per key, route, provider or model over a window; filters live in the URL. */
export default async function UsagePage({ searchParams }: { searchParams: Promise<Search> }) {
  await requirePageUser();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = usageQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : usageQuerySchema.parse({});
  return (
    <>
      <PageHeader
        title="Usage"
        description="Requests through the gateway: errors by class (refusal, outage, client error), latency and time to first token, tokens, fallbacks and degradations. Click a row to narrow to it, or open its calls in the request log."
      />
      <UsageView key={JSON.stringify(query)} query={query} initial={await getUsage(query)} />
    </>
  );
}
