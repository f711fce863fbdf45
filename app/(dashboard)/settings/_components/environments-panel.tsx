"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { toast } from "sonner";
import { buttonClass, inputClass, labelClass } from "@/app/_components/ui";
import type { Environment } from "@/lib/environments";
import { useEnvironments, useSaveEnvironments, type EnvironmentDefaultView } from "@/lib/queries/environments";

/** An environment's default as edited: the provider's id (null: none) and the model as typed. */
type DraftRow = { providerId: string | null; model: string };
type Draft = Record<Environment, DraftRow>;

/** A provider as this panel needs it: which environments it serves and the models it listed. */
export type EnvironmentProvider = { id: string; name: string; environments: Environment[]; models: string[] };

/**
 * Per environment, the default provider and model; the active one (ENVIRONMENT) is marked.
 * Only providers serving an environment can be its default, and the panel says so (with the
 * way to fix it) when none does. The model field offers the chosen provider's listed models.
 */
export function EnvironmentsPanel({
  initial,
  providers,
  canEdit,
}: {
  initial: EnvironmentDefaultView[];
  providers: EnvironmentProvider[];
  canEdit: boolean;
}) {
  const id = useId();
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
    <form onSubmit={submit} aria-label="Environment defaults" className="mt-4">
      <div className="hidden grid-cols-[10rem_minmax(0,20rem)_minmax(0,20rem)] gap-4 pb-2 text-xs font-medium uppercase text-zinc-500 sm:grid">
        <span>Environment</span>
        <span>Default provider</span>
        <span>Default model</span>
      </div>
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {rows.map((r) => (
          <EnvironmentRow
            key={r.environment}
            baseId={`${id}-${r.environment}`}
            row={r}
            value={draft[r.environment]}
            providers={providers}
            canEdit={canEdit}
            onChange={(patch) => setDraft((d) => ({ ...d, [r.environment]: { ...d[r.environment], ...patch } }))}
          />
        ))}
      </ul>
      {canEdit ? (
        <button type="submit" className={`${buttonClass} mt-4`} disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save environment defaults"}
        </button>
      ) : null}
    </form>
  );
}

/**
 * One environment: its name (marked when active), its default provider (only providers that
 * serve it, or the saved one) and its default model, offered from the chosen provider's list.
 */
function EnvironmentRow({
  baseId,
  row: r,
  value,
  providers,
  canEdit,
  onChange,
}: {
  /** Prefix of this row's element ids. */
  baseId: string;
  row: EnvironmentDefaultView;
  value: DraftRow;
  providers: EnvironmentProvider[];
  canEdit: boolean;
  onChange: (patch: Partial<DraftRow>) => void;
}) {
  const env = r.environment;
  // The saved default stays listed even if it stopped serving this environment.
  const offered = providers.filter((p) => p.environments.includes(env) || p.id === r.providerId);
  const chosen = providers.find((p) => p.id === value.providerId);
  const listId = `${baseId}-models`;
  return (
    <li
      aria-current={r.active ? "true" : undefined}
      className="grid gap-2 py-3 sm:grid-cols-[10rem_minmax(0,20rem)_minmax(0,20rem)] sm:items-start sm:gap-4"
    >
      <div className="pt-2 text-sm font-medium">
        {env}
        {r.active ? (
          <span className="ml-2 rounded bg-brand-100 px-1.5 py-0.5 text-xs text-brand-700 dark:bg-brand-700 dark:text-white">
            active
          </span>
        ) : null}
      </div>
      <div>
        <EditableCell
          canEdit={canEdit}
          id={`${baseId}-provider`}
          label={`Default provider for ${env}`}
          readOnly={r.providerName}
        >
          <select
            id={`${baseId}-provider`}
            className={`${inputClass} max-sm:mt-1`}
            value={value.providerId ?? ""}
            aria-describedby={offered.length === 0 ? `${baseId}-none` : undefined}
            onChange={(e) => onChange({ providerId: e.target.value || null })}
          >
            <option value="">— none —</option>
            {offered.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.environments.includes(env) ? "" : ` (no longer serves ${env})`}
              </option>
            ))}
          </select>
        </EditableCell>
        {offered.length === 0 ? (
          <p id={`${baseId}-none`} className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            No provider serves {env} yet, so there is nothing to choose.{" "}
            <Link href="/providers" className="text-brand-600 underline dark:text-brand-100">
              Add {env} to a provider&apos;s environments
            </Link>
            .
          </p>
        ) : null}
      </div>
      <div>
        <EditableCell canEdit={canEdit} id={`${baseId}-model`} label={`Default model for ${env}`} readOnly={r.model}>
          <input
            id={`${baseId}-model`}
            className={`${inputClass} max-sm:mt-1`}
            value={value.model}
            list={chosen?.models.length ? listId : undefined}
            autoComplete="off"
            placeholder="the provider's default"
            onChange={(e) => onChange({ model: e.target.value })}
          />
          {chosen?.models.length ? (
            <datalist id={listId}>
              {chosen.models.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          ) : null}
        </EditableCell>
      </div>
    </li>
  );
}

/**
 * A cell of the defaults table: for editors its control, labelled (the label is visible only
 * on a phone, where the column headings are hidden); for everyone else the saved value.
 */
function EditableCell({
  canEdit,
  id,
  label,
  readOnly,
  children,
}: {
  canEdit: boolean;
  id: string;
  label: string;
  /** The saved value (null: none). */
  readOnly: string | null;
  children: React.ReactNode;
}) {
  if (!canEdit) return <p className="pt-2 text-sm">{readOnly ?? "—"}</p>;
  return (
    <>
      <label htmlFor={id} className={`${labelClass} sm:sr-only`}>
        {label}
      </label>
      {children}
    </>
  );
}
