import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BackLink, PageHeader } from "@/app/_components/ui";
import { hasRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { PRESETS } from "@/lib/providers/presets";
import { getProvider } from "@/lib/server/providers/service";
import { requirePageUser } from "@/lib/server/session";
import { ConnectionTestButton } from "../_components/connection-test";
import { ModelsPanel } from "../_components/models-panel";
import { ProviderForm } from "../_components/provider-form";
import { ProviderSummary } from "../_components/provider-summary";

export const metadata: Metadata = { title: "Provider" };

export default async function ProviderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser();
  const provider = await getProvider(id).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  const isAdmin = hasRole(user.role, "admin");
  const isMember = hasRole(user.role, "member");
  return (
    <>
      <BackLink href="/providers">Providers</BackLink>
      <PageHeader
        title={provider.name}
        description={
          <span className="block max-w-full truncate" title={provider.baseUrl}>
            {PRESETS[provider.kind].label} at <span className="font-mono text-xs">{provider.baseUrl}</span>
          </span>
        }
      />
      <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <section
          aria-labelledby="settings-heading"
          className="min-w-0 rounded-lg border border-zinc-200 p-5 dark:border-zinc-800"
        >
          <h2 id="settings-heading" className="mb-4 text-base font-semibold">
            Settings
          </h2>
          {isAdmin ? (
            <ProviderForm
              mode="edit"
              existing={provider}
              initial={{
                name: provider.name,
                kind: provider.kind,
                baseUrl: provider.baseUrl,
                apiKey: "",
                defaultModel: provider.defaultModel ?? "",
                embeddingModel: provider.embeddingModel ?? "",
                timeoutMs: provider.timeoutMs,
                maxRetries: provider.maxRetries,
                headers: provider.headers.map((h) => ({ name: h.name, value: "" })),
                proxyUrl: provider.proxyUrl ?? "",
                environments: provider.environments,
                concurrency: provider.concurrency,
                enabled: provider.enabled,
              }}
            />
          ) : (
            <>
              <ProviderSummary provider={provider} />
              {isMember ? (
                <div className="mt-4">
                  <ConnectionTestButton providerId={provider.id} providerName={provider.name} />
                </div>
              ) : null}
            </>
          )}
        </section>
        <ModelsPanel providerId={provider.id} canRefresh={isMember} />
      </div>
    </>
  );
}
