import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/ui";
import { getEnv } from "@/lib/env";
import { listRoutes } from "@/lib/server/gateway/routes";
import { requirePageUser } from "@/lib/server/session";
import { ConnectView } from "../_components/connect-view";

export const metadata: Metadata = { title: "Connect your app" };

/** Snippets for the official SDKs and frameworks, pointing at this instance's /v1. */
export default async function ConnectPage() {
  await requirePageUser();
  const routes = await listRoutes();
  return (
    <>
      <PageHeader
        title="Connect your app"
        description="Keep your OpenAI SDK code; change the base URL to this instance's /v1 and the key to a gateway key. A route's name is the model."
      />
      <ConnectView
        baseUrl={`${getEnv().appUrl.replace(/\/$/, "")}/v1`}
        routeNames={[...new Set(routes.map((r) => r.name))]}
      />
    </>
  );
}
