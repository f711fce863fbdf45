import type { Metadata } from "next";
import { BackLink, PageHeader } from "@/app/_components/ui";
import { listRequestLogsQuerySchema } from "@/lib/schemas/request-logs";
import { listKeySummaries } from "@/lib/server/gateway/keys";
import { listRoutes } from "@/lib/server/gateway/routes";
import { listRequestLogs } from "@/lib/server/playground/request-log";
import { listProviders } from "@/lib/server/providers/service";
import { requirePageUser } from "@/lib/server/session";
import { RequestLogTable } from "../_components/request-log-table";

export const metadata: Metadata = { title: "Request log" };

/** Every call made through Switchyard (the playground and the gateway), newest first; filters in the URL. */
export default async function RequestLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser();
  // The filter form sends every field; "any" is an empty value.
  const raw = Object.fromEntries(
    Object.entries(await searchParams).flatMap(([k, v]) => {
      const value = Array.isArray(v) ? v[0] : v;
      return value ? [[k, value]] : [];
    }),
  );
  const parsed = listRequestLogsQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : { limit: 50 };
  const [logs, keys, routes, providers] = await Promise.all([
    listRequestLogs(query),
    listKeySummaries(),
    listRoutes(),
    listProviders(),
  ]);
  return (
    <>
      <BackLink href="/playground">Playground</BackLink>
      <PageHeader
        title="Request log"
        description="Each call: the provider tried and the one that answered, status, latency, time to first token, tokens, the degradations applied and the fallback path."
      />
      <RequestLogTable
        key={JSON.stringify(query)}
        query={query}
        initialLogs={logs}
        invalid={parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}
        options={{
          keys: keys.map((k) => ({ id: k.id, name: k.name })),
          routes: [...new Set(routes.map((r) => r.name))],
          providers: providers.map((p) => ({ id: p.id, name: p.name })),
        }}
      />
    </>
  );
}
