import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/ui";
import { getEnv } from "@/lib/env";
import { listRoutes } from "@/lib/server/gateway/routes";
import { listPlaygroundTargets } from "@/lib/server/playground/targets";
import { getEnvironmentDefaults } from "@/lib/server/providers/environments";
import { listProviders } from "@/lib/server/providers/service";
import { requirePageUser } from "@/lib/server/session";
import { RoutesView } from "./_components/routes-view";

export const metadata: Metadata = { title: "Gateway routes" };

/** The gateway's routes per environment: admins edit, everyone else reads. */
export default async function GatewayRoutesPage() {
  const user = await requirePageUser();
  const [routes, providers, targets, defaults] = await Promise.all([
    listRoutes(),
    listProviders(),
    listPlaygroundTargets(),
    getEnvironmentDefaults(),
  ]);
  const models = new Map(targets.map((t) => [t.id, t.models.map((m) => m.id)]));
  return (
    <>
      <PageHeader
        title="Routes"
        description="A route is a name applications send as model (default, fast, embed…): per environment, an ordered chain of up to 5 targets tried in turn when one fails. Beside each target: its latest verdicts for the features the route's traffic used, and its circuit."
      />
      <RoutesView
        role={user.role}
        activeEnvironment={getEnv().environment}
        initialRoutes={routes}
        providers={providers.map((p) => ({
          id: p.id,
          name: p.name,
          environments: p.environments,
          defaultModel: p.defaultModel,
          models: models.get(p.id) ?? [],
        }))}
        defaults={defaults}
      />
    </>
  );
}
