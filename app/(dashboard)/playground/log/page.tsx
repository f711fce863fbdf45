import type { Metadata } from "next";
import { BackLink, PageHeader } from "@/app/_components/ui";
import { listRequestLogsQuerySchema } from "@/lib/schemas/request-logs";
import { listRequestLogs } from "@/lib/server/playground/request-log";
import { requirePageUser } from "@/lib/server/session";
import { RequestLogTable } from "../_components/request-log-table";

export const metadata: Metadata = { title: "Request log" };

/** Every call made through Switchyard (the playground now, the gateway later), newest first. */
export default async function RequestLogPage({
  searchParams,
}: {
  searchParams: Promise<{ limit?: string | string[]; sessionId?: string | string[] }>;
}) {
  await requirePageUser();
  const parsed = listRequestLogsQuerySchema.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : { limit: 50 };
  const logs = await listRequestLogs(query);
  return (
    <>
      <BackLink href="/playground">Playground</BackLink>
      <PageHeader
        title="Request log"
        description="Each call: the provider tried and the one that answered, status, latency, time to first token, tokens, the degradations applied and the fallback path."
      />
      <RequestLogTable query={query} initialLogs={logs} />
    </>
  );
}
