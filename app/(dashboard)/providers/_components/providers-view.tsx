"use client";

import Link from "next/link";
import { toast } from "sonner";
import { buttonClass, dangerButtonClass, EmptyState, secondaryButtonClass } from "@/app/_components/ui";
import type { Role } from "@/lib/auth/roles";
import { hasRole } from "@/lib/auth/roles";
import { PRESETS } from "@/lib/providers/presets";
import { useDeleteProvider, useDuplicateProvider, useProviders, useSetProviderEnabled } from "@/lib/queries/providers";
import type { ProviderView } from "@/lib/schemas/providers";
import { AddSimulatedButton } from "./add-simulated-button";
import { ConnectionTestButton } from "./connection-test";
import { ScanPanel } from "./scan-panel";

/** The providers list with the actions each role may take. */
export function ProvidersView({ role, initialProviders }: { role: Role; initialProviders: ProviderView[] }) {
  const providers = useProviders(initialProviders);
  const isAdmin = hasRole(role, "admin");
  const isMember = hasRole(role, "member");
  const list = providers.data ?? [];

  const actions = (
    <>
      {isAdmin ? (
        <Link href="/providers/new" className={buttonClass}>
          Add provider
        </Link>
      ) : null}
      {isAdmin ? <AddSimulatedButton /> : null}
    </>
  );

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap gap-2">{actions}</div>
      {isMember ? <ScanPanel canAdd={isAdmin} /> : null}
      {providers.isError ? (
        <p role="alert" className="text-sm text-red-600">
          {providers.error.message}
        </p>
      ) : null}
      {list.length === 0 ? (
        <EmptyState title="No providers configured">
          <p>
            Add the OpenAI-compatible servers your team uses — from a preset, by scanning this machine for local
            servers, or try Switchyard with simulated servers that behave like OpenAI, Ollama, LM Studio, vLLM, LocalAI
            and llama.cpp.
          </p>
          {!isAdmin ? <p className="mt-2">Only admins add providers.</p> : null}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Providers</caption>
            <thead className="bg-zinc-50 text-xs uppercase text-zinc-500 dark:bg-zinc-900">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Name
                </th>
                <th scope="col" className="px-3 py-2">
                  Kind
                </th>
                <th scope="col" className="px-3 py-2">
                  Base URL
                </th>
                <th scope="col" className="px-3 py-2">
                  API key
                </th>
                <th scope="col" className="px-3 py-2">
                  Environments
                </th>
                <th scope="col" className="px-3 py-2">
                  Enabled
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {list.map((p) => (
                <ProviderRow key={p.id} provider={p} isAdmin={isAdmin} isMember={isMember} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function ProviderRow({
  provider: p,
  isAdmin,
  isMember,
}: {
  provider: ProviderView;
  isAdmin: boolean;
  isMember: boolean;
}) {
  const setEnabled = useSetProviderEnabled();
  const duplicate = useDuplicateProvider();
  const remove = useDeleteProvider();

  function toggle() {
    setEnabled.mutate(
      { id: p.id, enabled: !p.enabled, version: p.version },
      {
        onSuccess: () => toast.success(`${p.name} ${p.enabled ? "disabled" : "enabled"}.`),
        onError: (err) => toast.error(err.message),
      },
    );
  }
  function copy() {
    duplicate.mutate(p.id, {
      onSuccess: ({ provider }) => toast.success(`Created ${provider.name} (disabled until you review it).`),
      onError: (err) => toast.error(err.message),
    });
  }
  function del() {
    if (!window.confirm(`Delete the provider "${p.name}"? Its models and settings are removed for everyone.`)) return;
    remove.mutate(p.id, {
      onSuccess: () => toast.success(`Deleted ${p.name}.`),
      onError: (err) => toast.error(err.message),
    });
  }

  return (
    <tr>
      <td className="px-3 py-2 font-medium">
        <Link href={`/providers/${p.id}`} className="text-brand-600 hover:underline dark:text-brand-100">
          {p.name}
        </Link>
      </td>
      <td className="px-3 py-2">{PRESETS[p.kind].label}</td>
      <td className="max-w-72 truncate px-3 py-2 font-mono text-xs" title={p.baseUrl}>
        {p.baseUrl}
      </td>
      <td className="px-3 py-2 font-mono text-xs">
        {p.apiKey.set ? p.apiKey.hint : <span className="text-zinc-500">not set</span>}
      </td>
      <td className="px-3 py-2">{p.environments.join(", ")}</td>
      <td className="px-3 py-2">
        {isAdmin ? (
          <button
            type="button"
            role="switch"
            aria-checked={p.enabled}
            aria-label={`${p.name} enabled`}
            onClick={toggle}
            disabled={setEnabled.isPending}
            className={`relative inline-flex h-5 w-9 items-center rounded-full transition ${p.enabled ? "bg-brand-600" : "bg-zinc-300 dark:bg-zinc-700"}`}
          >
            <span
              className={`inline-block h-4 w-4 rounded-full bg-white transition ${p.enabled ? "translate-x-4" : "translate-x-0.5"}`}
            />
          </button>
        ) : (
          <span>{p.enabled ? "yes" : "no"}</span>
        )}
      </td>
      <td className="px-3 py-2">
        <div className="flex justify-end gap-2">
          {isMember ? <ConnectionTestButton providerId={p.id} providerName={p.name} compact /> : null}
          {isAdmin ? (
            <button type="button" className={secondaryButtonClass} onClick={copy} disabled={duplicate.isPending}>
              Duplicate<span className="sr-only"> {p.name}</span>
            </button>
          ) : null}
          {isAdmin ? (
            <button type="button" className={dangerButtonClass} onClick={del} disabled={remove.isPending}>
              Delete<span className="sr-only"> {p.name}</span>
            </button>
          ) : null}
        </div>
      </td>
    </tr>
  );
}
