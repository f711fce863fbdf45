import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/ui";
import { hasRole } from "@/lib/auth/roles";
import { getEnv } from "@/lib/env";
import { listKeySummaries, listKeys } from "@/lib/server/gateway/keys";
import { listRoutes } from "@/lib/server/gateway/routes";
import { requirePageUser } from "@/lib/server/session";
import { KeysView } from "../_components/keys-view";

export const metadata: Metadata = { title: "Gateway keys" };

/** Admins manage keys; members and viewers see which keys exist and whether they are used. */
export default async function GatewayKeysPage() {
  const user = await requirePageUser();
  const isAdmin = hasRole(user.role, "admin");
  const routes = await listRoutes();
  return (
    <>
      <PageHeader
        title="Keys"
        description="Applications authenticate to /v1 with a gateway key (sy-…), bound to one environment and optionally to some routes. The secret is shown once, when the key is made; only its hash is stored."
      />
      {isAdmin ? (
        <KeysView
          mode="admin"
          initialKeys={await listKeys()}
          routeNames={[...new Set(routes.map((r) => r.name))]}
          activeEnvironment={getEnv().environment}
          baseUrl={`${getEnv().appUrl.replace(/\/$/, "")}/v1`}
        />
      ) : (
        <KeysView mode="read" summaries={await listKeySummaries()} />
      )}
    </>
  );
}
