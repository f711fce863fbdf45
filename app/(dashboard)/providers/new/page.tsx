import type { Metadata } from "next";
import Link from "next/link";
import { BackLink, EmptyState, PageHeader } from "@/app/_components/ui";
import { hasRole } from "@/lib/auth/roles";
import { isProviderKind } from "@/lib/schemas/providers";
import { resolvePresets } from "@/lib/server/providers/presets";
import { requirePageUser } from "@/lib/server/session";
import { ProviderForm } from "../_components/provider-form";

export const metadata: Metadata = { title: "Add provider" };

/** Step 1: pick a preset. Step 2: the form, pre-filled from it (and from a scan result). */
export default async function NewProviderPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const user = await requirePageUser();
  if (!hasRole(user.role, "admin")) {
    return (
      <>
        <BackLink href="/providers">Providers</BackLink>
        <PageHeader title="Add provider" />
        <EmptyState title="Admins only" action={{ href: "/providers", label: "Back to providers" }}>
          <p>
            Only admins add providers; you are signed in as a {user.role}. Ask an admin to add it, or to give you the
            admin role under Settings → Accounts.
          </p>
        </EmptyState>
      </>
    );
  }
  const { kind, baseUrl } = await searchParams;
  const presets = await resolvePresets();
  const preset = kind && isProviderKind(kind) ? presets.find((p) => p.kind === kind) : undefined;

  if (!preset) {
    return (
      <>
        <BackLink href="/providers">Providers</BackLink>
        <PageHeader
          title="Add provider"
          description="Start from the server you run; every field can be changed after."
        />
        <ul aria-label="Presets" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {presets.map((p) => (
            <li key={p.kind}>
              <Link
                href={`/providers/new?kind=${p.kind}`}
                className="block rounded-lg border border-zinc-200 p-4 hover:border-brand-500 dark:border-zinc-800"
              >
                <span className="block font-medium">{p.label}</span>
                <span className="mt-1 block font-mono text-xs text-zinc-500">{p.baseUrl}</span>
                {p.apiKeyFromEnv ? (
                  <span className="mt-1 block text-xs text-zinc-500">Key from OPENAI_API_KEY</span>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      </>
    );
  }

  return (
    <>
      <BackLink href="/providers/new">All presets</BackLink>
      <PageHeader
        title={`Add ${preset.label} provider`}
        description="Pre-filled from the preset. Test the connection before saving, then save."
      />
      <div className="max-w-4xl rounded-lg border border-zinc-200 p-5 dark:border-zinc-800">
        <ProviderForm
          mode="create"
          initial={{
            name: preset.label,
            kind: preset.kind,
            baseUrl: baseUrl ?? preset.baseUrl,
            // A key from the environment (OPENAI_API_KEY) stays on the server: presets never carry it.
            apiKey: preset.apiKey ?? "",
            defaultModel: preset.defaultModel ?? "",
            embeddingModel: preset.embeddingModel ?? "",
            timeoutMs: preset.timeoutMs,
            maxRetries: 2,
            headers: [],
            proxyUrl: "",
            environments: ["development"],
            concurrency: preset.concurrency,
            enabled: true,
          }}
        />
      </div>
    </>
  );
}
