"use client";

import { ArrowDown, ArrowUp, GripVertical, X } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import {
  FieldError,
  FormAlert,
  buttonClass,
  inputClass,
  labelClass,
  secondaryButtonClass,
  selectClass,
} from "@/app/_components/ui";
import type { Environment } from "@/lib/environments";
import { ApiError } from "@/lib/queries/api-client";
import { useSaveRoute } from "@/lib/queries/gateway";
import { MAX_ROUTE_TARGETS, type RouteTarget, type RouteView, routeFieldsSchema } from "@/lib/schemas/gateway";

export type ProviderOption = {
  id: string;
  name: string;
  environments: Environment[];
  defaultModel: string | null;
  models: string[];
};

type Props = {
  environment: Environment;
  providers: ProviderOption[];
  route?: RouteView;
  onDone: () => void;
};

const move = <T,>(list: T[], from: number, to: number): T[] => {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
};

/**
 * Create or edit a route: its name and its ordered targets (1–5). Targets reorder with the
 * arrow buttons, Alt+↑/↓ on a row's handle, or by dragging the handle. The same zod schema
 * as the API checks the form first; a stale edit gets a Reload, as providers do.
 */
export function RouteEditor({ environment, providers, route, onDone }: Props) {
  const serving = providers.filter((p) => p.environments.includes(environment));
  const [name, setName] = useState(route?.name ?? "");
  const [targets, setTargets] = useState<RouteTarget[]>(
    route?.targets.map(({ providerId, model }) => ({ providerId, model })) ?? [
      { providerId: serving[0]?.id ?? "", model: serving[0]?.defaultModel ?? "" },
    ],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [dragged, setDragged] = useState<number | null>(null);
  const save = useSaveRoute();

  const setTarget = (i: number, patch: Partial<RouteTarget>) =>
    setTargets((list) => list.map((t, j) => (j === i ? { ...t, ...patch } : t)));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const parsed = routeFieldsSchema.safeParse({ name, environment, targets });
    if (!parsed.success) {
      const out: Record<string, string> = {};
      for (const i of parsed.error.issues) out[i.path.join(".")] ??= i.message;
      setErrors(out);
      return;
    }
    setErrors({});
    try {
      const saved = await save.mutateAsync({ ...parsed.data, id: route?.id, version: route?.version });
      toast.success(`Saved route ${saved.route.name}.`);
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && (err.details as { reason?: string })?.reason === "stale") {
        setStale(true);
        return;
      }
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      setFormError(err instanceof Error ? err.message : String(err));
    }
  }

  const fieldLabel = (path: string) => errors[path];
  const id = route?.id ?? "new";
  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      aria-label={route ? `Edit route ${route.name}` : "New route"}
    >
      {stale ? (
        <div
          role="alert"
          className="flex flex-wrap items-center gap-3 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          <span>
            Someone else saved this route since you opened it; your edits here are not saved. Reload to see their
            version.
          </span>
          <button type="button" className={secondaryButtonClass} onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      ) : null}
      <FormAlert message={formError} />
      <div>
        <label htmlFor={`route-name-${id}`} className={labelClass}>
          Name
        </label>
        <input
          id={`route-name-${id}`}
          className={`${inputClass} max-w-xs`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? `route-name-${id}-error` : undefined}
        />
        <FieldError id={`route-name-${id}-error`} message={errors.name ? `Name ${errors.name}` : undefined} />
      </div>
      <fieldset>
        <legend className={labelClass}>Targets, in the order they are tried ({environment})</legend>
        {serving.length === 0 ? (
          <p className="mt-1 text-sm text-zinc-600">
            No provider serves {environment}: add one on the Providers page first.
          </p>
        ) : null}
        <ol className="mt-2 space-y-2">
          {targets.map((t, i) => {
            const provider = providers.find((p) => p.id === t.providerId);
            const listId = `route-models-${id}-${i}`;
            return (
              <li
                key={i}
                data-testid="route-target-row"
                onDragOver={(e) => e.preventDefault()}
                onDrop={() => {
                  if (dragged !== null) setTargets((list) => move(list, dragged, i));
                  setDragged(null);
                }}
                className={`flex flex-wrap items-start gap-2 rounded-md border px-2 py-2 ${dragged === i ? "border-brand-600" : "border-zinc-200 dark:border-zinc-700"}`}
              >
                <button
                  type="button"
                  draggable
                  onDragStart={() => setDragged(i)}
                  onDragEnd={() => setDragged(null)}
                  onKeyDown={(e) => {
                    if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
                    e.preventDefault();
                    setTargets((list) => move(list, i, e.key === "ArrowUp" ? i - 1 : i + 1));
                  }}
                  aria-label={`Target ${i + 1}: drag, or Alt+Arrow keys to move`}
                  className="mt-1.5 cursor-grab text-zinc-500"
                >
                  <GripVertical size={16} aria-hidden />
                </button>
                <span className="mt-2 w-5 text-sm text-zinc-500">{i + 1}.</span>
                <div>
                  <label htmlFor={`route-provider-${id}-${i}`} className="sr-only">
                    Provider of target {i + 1}
                  </label>
                  <select
                    id={`route-provider-${id}-${i}`}
                    className={`${selectClass} py-2`}
                    value={t.providerId}
                    onChange={(e) => {
                      const p = providers.find((x) => x.id === e.target.value);
                      setTarget(i, { providerId: e.target.value, model: p?.defaultModel ?? t.model });
                    }}
                    aria-invalid={errors[`targets.${i}.providerId`] ? true : undefined}
                  >
                    {provider && !serving.includes(provider) ? (
                      <option value={provider.id}>{provider.name}</option>
                    ) : null}
                    {serving.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                  <FieldError
                    id={`route-provider-${id}-${i}-error`}
                    message={
                      errors[`targets.${i}.providerId`] ? `Provider ${errors[`targets.${i}.providerId`]}` : undefined
                    }
                  />
                </div>
                <div className="min-w-48 flex-1">
                  <label htmlFor={`route-model-${id}-${i}`} className="sr-only">
                    Model of target {i + 1}
                  </label>
                  <input
                    id={`route-model-${id}-${i}`}
                    className={inputClass}
                    value={t.model}
                    list={listId}
                    placeholder="model"
                    onChange={(e) => setTarget(i, { model: e.target.value })}
                    aria-invalid={errors[`targets.${i}.model`] ? true : undefined}
                  />
                  <datalist id={listId}>
                    {(provider?.models ?? []).map((m) => (
                      <option key={m} value={m} />
                    ))}
                  </datalist>
                  <FieldError
                    id={`route-model-${id}-${i}-error`}
                    message={
                      fieldLabel(`targets.${i}.model`)
                        ? `Model ${fieldLabel(`targets.${i}.model`)}`
                        : errors[`targets.${i}`]
                          ? `This target ${errors[`targets.${i}`]}`
                          : undefined
                    }
                  />
                </div>
                <button
                  type="button"
                  className={secondaryButtonClass}
                  aria-label={`Move target ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => setTargets((l) => move(l, i, i - 1))}
                >
                  <ArrowUp size={14} aria-hidden />
                </button>
                <button
                  type="button"
                  className={secondaryButtonClass}
                  aria-label={`Move target ${i + 1} down`}
                  disabled={i === targets.length - 1}
                  onClick={() => setTargets((l) => move(l, i, i + 1))}
                >
                  <ArrowDown size={14} aria-hidden />
                </button>
                <button
                  type="button"
                  className={secondaryButtonClass}
                  aria-label={`Remove target ${i + 1}`}
                  disabled={targets.length === 1}
                  onClick={() => setTargets((l) => l.filter((_, j) => j !== i))}
                >
                  <X size={14} aria-hidden />
                </button>
              </li>
            );
          })}
        </ol>
        <FieldError
          id={`route-targets-${id}-error`}
          message={errors.targets ? `Targets ${errors.targets}` : undefined}
        />
        <button
          type="button"
          className={`${secondaryButtonClass} mt-2`}
          disabled={targets.length >= MAX_ROUTE_TARGETS || serving.length === 0}
          onClick={() =>
            setTargets((l) => [...l, { providerId: serving[0]?.id ?? "", model: serving[0]?.defaultModel ?? "" }])
          }
        >
          Add target {targets.length >= MAX_ROUTE_TARGETS ? `(at most ${MAX_ROUTE_TARGETS})` : ""}
        </button>
      </fieldset>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass} disabled={save.isPending}>
          {save.isPending ? "Saving…" : route ? "Save route" : "Create route"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
