"use client";

import { Copy, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { FramedTable, type TableColumn } from "@/app/_components/table";
import { EmptyState, buttonClass } from "@/app/_components/ui";
import type { Role } from "@/lib/auth/roles";
import { hasRole } from "@/lib/auth/roles";
import { PRESETS } from "@/lib/providers/presets";
import { useDeleteProvider, useDuplicateProvider, useProviders, useSetProviderEnabled } from "@/lib/queries/providers";
import type { ProviderView } from "@/lib/schemas/providers";
import { AddSimulatedButton, SimulatorOffNote } from "./add-simulated-button";
import { ConnectionTestButton } from "./connection-test";
import { KeyStatus } from "./key-status";
import { ScanPanel } from "./scan-panel";

const rowButton =
  "inline-flex items-center gap-1.5 whitespace-nowrap rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm font-medium text-zinc-800 shadow-sm hover:bg-zinc-50 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800";
const dangerRowButton =
  "inline-flex items-center gap-1.5 whitespace-nowrap rounded-md border border-red-300 bg-white px-2.5 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60 dark:border-red-800 dark:bg-zinc-900 dark:text-red-300 dark:hover:bg-red-950";

const PROVIDER_COLUMNS: TableColumn[] = [
  "Name",
  "Kind",
  "Base URL",
  "API key",
  "Environments",
  "Enabled",
  { key: "actions", label: <span className="sr-only">Actions</span>, className: "px-3 py-2" },
];

/**
 * The providers list with the actions each role may take: a table, or cards on a phone.
 * `simulatorOn`: whether this instance serves the simulator ("Add simulated providers" needs it).
 */
export function ProvidersView({
  role,
  initialProviders,
  simulatorOn,
}: {
  role: Role;
  initialProviders: ProviderView[];
  simulatorOn: boolean;
}) {
  const providers = useProviders(initialProviders);
  const isAdmin = hasRole(role, "admin");
  const isMember = hasRole(role, "member");
  const list = providers.data ?? [];

  return (
    <div className="space-y-6">
      <ScanPanel canScan={isMember} canAdd={isAdmin}>
        {isAdmin ? (
          <Link href="/providers/new" className={buttonClass}>
            Add provider
          </Link>
        ) : null}
        {isAdmin && simulatorOn ? <AddSimulatedButton /> : null}
      </ScanPanel>
      {isAdmin && !simulatorOn ? <SimulatorOffNote /> : null}
      {providers.isError ? (
        <p role="alert" className="text-sm text-red-600">
          {providers.error.message}
        </p>
      ) : null}
      {list.length === 0 ? (
        <EmptyState title="No providers configured">
          <p>
            Add the OpenAI-compatible servers your team uses — from a preset, by scanning this machine for local servers
            {simulatorOn
              ? ", or try Switchyard with simulated servers that behave like OpenAI, Ollama, LM Studio, vLLM, LocalAI and llama.cpp"
              : ""}
            .
          </p>
          {!isAdmin ? <p className="mt-2">Only admins add providers.</p> : null}
        </EmptyState>
      ) : (
        <>
          <div className="max-md:hidden">
            <FramedTable label="Providers" caption="Providers" columns={PROVIDER_COLUMNS}>
              {list.map((p) => (
                <ProviderRow key={p.id} provider={p} isAdmin={isAdmin} isMember={isMember} />
              ))}
            </FramedTable>
          </div>
          <ul aria-label="Providers" className="space-y-3 md:hidden">
            {list.map((p) => (
              <ProviderCard key={p.id} provider={p} isAdmin={isAdmin} isMember={isMember} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

type RowProps = { provider: ProviderView; isAdmin: boolean; isMember: boolean };

/** Enable/disable, duplicate (then edit the copy), delete: shared by the table row and the card. */
function useProviderActions(p: ProviderView) {
  const router = useRouter();
  const setEnabled = useSetProviderEnabled();
  const duplicate = useDuplicateProvider();
  const remove = useDeleteProvider();
  return {
    setEnabled,
    duplicate,
    remove,
    toggle() {
      setEnabled.mutate(
        { id: p.id, enabled: !p.enabled, version: p.version },
        {
          onSuccess: () => toast.success(`${p.name} ${p.enabled ? "disabled" : "enabled"}.`),
          onError: (err) => toast.error(err.message),
        },
      );
    },
    copy() {
      duplicate.mutate(p.id, {
        onSuccess: ({ provider }) => {
          toast.success(
            `Created ${provider.name}${provider.enabled ? "" : " (disabled, like the original)"}: review it and save.`,
          );
          router.push(`/providers/${provider.id}`);
        },
        onError: (err) => toast.error(err.message),
      });
    },
    del() {
      if (!window.confirm(`Delete the provider "${p.name}"? Its models and settings are removed for everyone.`)) return;
      remove.mutate(p.id, {
        onSuccess: () => toast.success(`Deleted ${p.name}.`),
        onError: (err) => toast.error(err.message),
      });
    },
  };
}

function EnabledSwitch({
  provider: p,
  isAdmin,
  actions,
}: RowProps & { actions: ReturnType<typeof useProviderActions> }) {
  if (!isAdmin) return <span>{p.enabled ? "yes" : "no"}</span>;
  return (
    <button
      type="button"
      role="switch"
      aria-checked={p.enabled}
      aria-label={`${p.name} enabled`}
      onClick={actions.toggle}
      disabled={actions.setEnabled.isPending}
      className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition ${p.enabled ? "bg-brand-600" : "bg-zinc-300 dark:bg-zinc-700"}`}
    >
      <span
        className={`inline-block h-4 w-4 rounded-full bg-white transition ${p.enabled ? "translate-x-4" : "translate-x-0.5"}`}
      />
    </button>
  );
}

function RowActions({
  provider: p,
  isAdmin,
  isMember,
  actions,
}: RowProps & { actions: ReturnType<typeof useProviderActions> }) {
  return (
    <>
      {isMember ? <ConnectionTestButton providerId={p.id} providerName={p.name} compact /> : null}
      {isAdmin ? (
        <button type="button" className={rowButton} onClick={actions.copy} disabled={actions.duplicate.isPending}>
          <Copy aria-hidden="true" size={14} />
          Duplicate<span className="sr-only"> {p.name}</span>
        </button>
      ) : null}
      {isAdmin ? (
        <button type="button" className={dangerRowButton} onClick={actions.del} disabled={actions.remove.isPending}>
          <Trash2 aria-hidden="true" size={14} />
          Delete<span className="sr-only"> {p.name}</span>
        </button>
      ) : null}
    </>
  );
}

function ProviderRow(props: RowProps) {
  const p = props.provider;
  const actions = useProviderActions(p);
  return (
    <tr>
      <td className="px-3 py-2 font-medium">
        <Link href={`/providers/${p.id}`} className="text-brand-600 hover:underline dark:text-brand-100">
          {p.name}
        </Link>
      </td>
      <td className="whitespace-nowrap px-3 py-2">{PRESETS[p.kind].label}</td>
      <td className="max-w-64 px-3 py-2">
        <span className="block truncate font-mono text-xs" title={p.baseUrl}>
          {p.baseUrl}
        </span>
      </td>
      <td className="px-3 py-2">
        <KeyStatus apiKey={p.apiKey} />
      </td>
      <td className="px-3 py-2">{p.environments.join(", ")}</td>
      <td className="px-3 py-2">
        <EnabledSwitch {...props} actions={actions} />
      </td>
      <td className="px-3 py-2">
        <div className="flex justify-end gap-2">
          <RowActions {...props} actions={actions} />
        </div>
      </td>
    </tr>
  );
}

/** A provider on a phone: the same facts and actions as a table row, stacked. */
function ProviderCard(props: RowProps) {
  const p = props.provider;
  const actions = useProviderActions(p);
  return (
    <li className="space-y-2 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <Link href={`/providers/${p.id}`} className="font-medium text-brand-600 hover:underline dark:text-brand-100">
            {p.name}
          </Link>
          <p className="text-xs text-zinc-500">
            {PRESETS[p.kind].label} · {p.environments.join(", ")}
          </p>
        </div>
        <EnabledSwitch {...props} actions={actions} />
      </div>
      <p className="truncate font-mono text-xs" title={p.baseUrl}>
        {p.baseUrl}
      </p>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        API key: <KeyStatus apiKey={p.apiKey} />
      </p>
      <div className="flex flex-wrap gap-2 [&_button]:px-2 [&_button]:py-1 [&_button]:text-xs">
        <RowActions {...props} actions={actions} />
      </div>
    </li>
  );
}
