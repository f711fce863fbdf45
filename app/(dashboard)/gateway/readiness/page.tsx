import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/ui";
import { hasRole } from "@/lib/auth/roles";
import { listKeySummaries } from "@/lib/server/gateway/keys";
import { listRoutes } from "@/lib/server/gateway/routes";
import { listPlaygroundTargets } from "@/lib/server/playground/targets";
import { requirePageUser } from "@/lib/server/session";
import { ReadinessView } from "../_components/readiness-view";

export const metadata: Metadata = { title: "Switch readiness" };

/** Would this traffic survive a move to another provider+model? Judged from what it actually sent. */
export default async function ReadinessPage() {
  const user = await requirePageUser();
  const [routes, keys, targets] = await Promise.all([listRoutes(), listKeySummaries(), listPlaygroundTargets()]);
  return (
    <>
      <PageHeader
        title="Switch readiness"
        description="Pick a route or a key and a candidate target: the features its requests used over the last days, the candidate's latest verdict for each, and what the gateway would do — serve it natively, degrade it, or refuse it."
      />
      <ReadinessView
        canProbe={hasRole(user.role, "member")}
        routeNames={[...new Set(routes.map((r) => r.name))]}
        keys={keys.map((k) => ({ id: k.id, name: k.name }))}
        providers={targets.map((t) => ({
          id: t.id,
          name: t.name,
          defaultModel: t.defaultModel,
          models: t.models.map((m) => m.id),
        }))}
      />
    </>
  );
}
