"use client";

import { useState } from "react";
import { toast } from "sonner";
import { buttonClass, inputClass, selectClass } from "@/app/_components/ui";
import type { Environment } from "@/lib/environments";
import { useEnvironments, useSaveEnvironments, type EnvironmentDefaultView } from "@/lib/queries/environments";

type Draft = Record<Environment, { providerId: string | null; model: string }>;

/** Per environment, the default provider and model; the active one (ENVIRONMENT) is marked. */
export function EnvironmentsPanel({
  initial,
  providers,
  canEdit,
}: {
  initial: EnvironmentDefaultView[];
  providers: { id: string; name: string; environments: Environment[] }[];
  canEdit: boolean;
}) {
  const envs = useEnvironments(initial);
  const save = useSaveEnvironments();
  const rows = envs.data ?? initial;
  const [draft, setDraft] = useState<Draft>(
    () =>
      Object.fromEntries(rows.map((r) => [r.environment, { providerId: r.providerId, model: r.model ?? "" }])) as Draft,
  );

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const defaults = rows.map((r) => ({
      environment: r.environment,
      providerId: draft[r.environment].providerId,
      model: draft[r.environment].model.trim() || null,
    }));
    save.mutate(defaults, {
      onSuccess: () => toast.success("Environment defaults saved."),
      onError: (err) => toast.error(err.message),
    });
  }

  return (
    <form onSubmit={submit} aria-label="Environment defaults" className="mt-3">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Default provider and model per environment</caption>
        <thead className="text-xs uppercase text-zinc-500">
          <tr>
            <th scope="col" className="py-2 pr-4">
              Environment
            </th>
            <th scope="col" className="py-2 pr-4">
              Default provider
            </th>
            <th scope="col" className="py-2">
              Default model
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {rows.map((r) => (
            <tr key={r.environment} aria-current={r.active ? "true" : undefined}>
              <th scope="row" className="py-2 pr-4 font-medium">
                {r.environment}
                {r.active ? (
                  <span className="ml-2 rounded bg-brand-100 px-1.5 py-0.5 text-xs text-brand-700 dark:bg-brand-700 dark:text-white">
                    active
                  </span>
                ) : null}
              </th>
              <td className="py-2 pr-4">
                {canEdit ? (
                  <select
                    aria-label={`Default provider for ${r.environment}`}
                    className={selectClass}
                    value={draft[r.environment].providerId ?? ""}
                    onChange={(e) =>
                      setDraft((d) => ({
                        ...d,
                        [r.environment]: { ...d[r.environment], providerId: e.target.value || null },
                      }))
                    }
                  >
                    <option value="">— none —</option>
                    {providers
                      // The saved default stays visible even if it stopped serving this environment.
                      .filter((p) => p.environments.includes(r.environment) || p.id === r.providerId)
                      .map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name}
                          {p.environments.includes(r.environment) ? "" : ` (no longer serves ${r.environment})`}
                        </option>
                      ))}
                  </select>
                ) : (
                  (r.providerName ?? "—")
                )}
              </td>
              <td className="py-2">
                {canEdit ? (
                  <input
                    aria-label={`Default model for ${r.environment}`}
                    className={`${inputClass} max-w-64`}
                    value={draft[r.environment].model}
                    placeholder="the provider's default"
                    onChange={(e) =>
                      setDraft((d) => ({ ...d, [r.environment]: { ...d[r.environment], model: e.target.value } }))
                    }
                  />
                ) : (
                  (r.model ?? "—")
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit ? (
        <button type="submit" className={`${buttonClass} mt-4`} disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save environment defaults"}
        </button>
      ) : null}
    </form>
  );
}
