"use client";

import { ArrowDown, ArrowUp, GripVertical, X } from "lucide-react";
import { useState } from "react";
import { FieldError, inputClass, labelClass, secondaryButtonClass, selectClass } from "@/app/_components/ui";
import type { Environment } from "@/lib/environments";
import { MAX_ROUTE_TARGETS, type RouteTarget } from "@/lib/schemas/gateway";

/** A provider a target may use: the environments it serves, its default model and the models it listed. */
export type ProviderOption = {
  id: string;
  name: string;
  environments: Environment[];
  defaultModel: string | null;
  models: string[];
};

/** The providers serving `environment`: the ones a new target may pick. */
export const servingProviders = (providers: ProviderOption[], environment: Environment) =>
  providers.filter((p) => p.environments.includes(environment));

const move = <T,>(list: T[], from: number, to: number): T[] => {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
};

type Targets = {
  /** The editor's id (the route's, or "new"), so two open editors' fields stay apart. */
  id: string;
  providers: ProviderOption[];
  /** The providers serving the route's environment: the ones a target may pick. */
  serving: ProviderOption[];
  /** The form's errors by field path (`targets.1.model`). */
  errors: Record<string, string>;
};

/**
 * A route's ordered targets (1–5): reordered with the arrow buttons, Alt+↑/↓ on a row's
 * handle, or by dragging the handle; added and removed.
 */
export function RouteTargetList({
  environment,
  targets: [targets, setTargets],
  ...editor
}: Omit<Targets, "serving"> & {
  environment: Environment;
  /** The targets and their setter (the editor keeps them: it sends them). */
  targets: [RouteTarget[], React.Dispatch<React.SetStateAction<RouteTarget[]>>];
}) {
  const serving = servingProviders(editor.providers, environment);
  const row = { ...editor, serving };
  const [dragged, setDragged] = useState<number | null>(null);
  const setTarget = (i: number, patch: Partial<RouteTarget>) =>
    setTargets((list) => list.map((t, j) => (j === i ? { ...t, ...patch } : t)));
  return (
    <fieldset>
      <legend className={labelClass}>Targets, in the order they are tried ({environment})</legend>
      {serving.length === 0 ? (
        <p className="mt-1 text-sm text-zinc-600">
          No provider serves {environment}: add one on the Providers page first.
        </p>
      ) : null}
      <ol className="mt-2 space-y-2">
        {targets.map((t, i) => (
          <TargetRow
            key={i}
            {...row}
            index={i}
            count={targets.length}
            target={t}
            isDragged={dragged === i}
            onDragStart={() => setDragged(i)}
            onDragEnd={() => setDragged(null)}
            onDrop={() => {
              if (dragged !== null) setTargets((list) => move(list, dragged, i));
              setDragged(null);
            }}
            onChange={(patch) => setTarget(i, patch)}
            onMove={(to) => setTargets((list) => move(list, i, to))}
            onRemove={() => setTargets((l) => l.filter((_, j) => j !== i))}
          />
        ))}
      </ol>
      <FieldError
        id={`route-targets-${editor.id}-error`}
        message={editor.errors.targets ? `Targets ${editor.errors.targets}` : undefined}
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
  );
}

/** One target: its drag handle and number, provider and model, and the move and remove buttons. */
function TargetRow({
  id,
  index: i,
  count,
  target: t,
  providers,
  serving,
  errors,
  isDragged,
  onDragStart,
  onDragEnd,
  onDrop,
  onChange,
  onMove,
  onRemove,
}: Targets & {
  index: number;
  count: number;
  target: RouteTarget;
  isDragged: boolean;
  onDragStart: () => void;
  onDragEnd: () => void;
  onDrop: () => void;
  onChange: (patch: Partial<RouteTarget>) => void;
  /** Moves this target to position `to` (out of range: it stays). */
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const provider = providers.find((p) => p.id === t.providerId);
  return (
    <li
      data-testid="route-target-row"
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
      className={`flex flex-wrap items-start gap-2 rounded-md border px-2 py-2 ${isDragged ? "border-brand-600" : "border-zinc-200 dark:border-zinc-700"}`}
    >
      <button
        type="button"
        draggable
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onKeyDown={(e) => {
          if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
          e.preventDefault();
          onMove(e.key === "ArrowUp" ? i - 1 : i + 1);
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
            onChange({ providerId: e.target.value, model: p?.defaultModel ?? t.model });
          }}
          aria-invalid={errors[`targets.${i}.providerId`] ? true : undefined}
        >
          {provider && !serving.includes(provider) ? <option value={provider.id}>{provider.name}</option> : null}
          {serving.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <FieldError
          id={`route-provider-${id}-${i}-error`}
          message={errors[`targets.${i}.providerId`] ? `Provider ${errors[`targets.${i}.providerId`]}` : undefined}
        />
      </div>
      <TargetModel id={id} index={i} target={t} models={provider?.models ?? []} errors={errors} onChange={onChange} />
      <button
        type="button"
        className={secondaryButtonClass}
        aria-label={`Move target ${i + 1} up`}
        disabled={i === 0}
        onClick={() => onMove(i - 1)}
      >
        <ArrowUp size={14} aria-hidden />
      </button>
      <button
        type="button"
        className={secondaryButtonClass}
        aria-label={`Move target ${i + 1} down`}
        disabled={i === count - 1}
        onClick={() => onMove(i + 1)}
      >
        <ArrowDown size={14} aria-hidden />
      </button>
      <button
        type="button"
        className={secondaryButtonClass}
        aria-label={`Remove target ${i + 1}`}
        disabled={count === 1}
        onClick={onRemove}
      >
        <X size={14} aria-hidden />
      </button>
    </li>
  );
}

/** A target's model: free text, offered the models its provider listed; the target's own error shows here. */
function TargetModel({
  id,
  index: i,
  target: t,
  models,
  errors,
  onChange,
}: Pick<Targets, "id" | "errors"> & {
  index: number;
  target: RouteTarget;
  models: string[];
  onChange: (patch: Partial<RouteTarget>) => void;
}) {
  const listId = `route-models-${id}-${i}`;
  const modelError = errors[`targets.${i}.model`];
  return (
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
        onChange={(e) => onChange({ model: e.target.value })}
        aria-invalid={modelError ? true : undefined}
      />
      <datalist id={listId}>
        {models.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
      <FieldError
        id={`route-model-${id}-${i}-error`}
        message={
          modelError
            ? `Model ${modelError}`
            : errors[`targets.${i}`]
              ? `This target ${errors[`targets.${i}`]}`
              : undefined
        }
      />
    </div>
  );
}
