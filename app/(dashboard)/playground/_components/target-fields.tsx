"use client";

import { useId } from "react";
import { FieldError, inputClass, selectClass } from "@/app/_components/ui";
import { defaultModel } from "@/lib/playground/conversation";
import type { TargetDraft } from "@/lib/playground/types";
import type { PlaygroundProvider } from "@/lib/schemas/playground";

/**
 * A provider select and a model input offering that provider's models (free text allowed:
 * a model the registry has not listed yet still works). Changing provider picks its default model.
 */
export function TargetFields({
  providerLabel,
  modelLabel,
  value,
  providers,
  onChange,
  errors = {},
}: {
  providerLabel: string;
  modelLabel: string;
  value: TargetDraft;
  providers: PlaygroundProvider[];
  onChange: (value: TargetDraft) => void;
  errors?: { provider?: string; model?: string };
}) {
  const id = useId();
  const provider = providers.find((p) => p.id === value.providerId);
  const models = provider?.models ?? [];
  return (
    <div className="grid grid-cols-2 gap-2">
      <div>
        <label htmlFor={`${id}-provider`} className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          {providerLabel}
        </label>
        <select
          id={`${id}-provider`}
          className={`${selectClass} mt-1 h-9 w-full`}
          value={value.providerId}
          aria-invalid={errors.provider ? true : undefined}
          aria-describedby={errors.provider ? `${id}-provider-error` : undefined}
          onChange={(e) => {
            const next = providers.find((p) => p.id === e.target.value);
            onChange({ providerId: e.target.value, model: defaultModel(next) });
          }}
        >
          <option value="" disabled>
            Choose a provider
          </option>
          {value.providerId && !provider ? (
            <option value={value.providerId} disabled>
              Unavailable provider (disabled or deleted)
            </option>
          ) : null}
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-provider-error`} message={errors.provider} />
      </div>
      <div>
        <label htmlFor={`${id}-model`} className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          {modelLabel}
        </label>
        <input
          id={`${id}-model`}
          className={`${inputClass} mt-1 h-9 py-1`}
          value={value.model}
          list={`${id}-models`}
          autoComplete="off"
          spellCheck={false}
          placeholder={models.length ? "Pick or type a model" : "Type a model id"}
          aria-invalid={errors.model ? true : undefined}
          aria-describedby={errors.model ? `${id}-model-error` : undefined}
          onChange={(e) => onChange({ ...value, model: e.target.value })}
        />
        <datalist id={`${id}-models`}>
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.vision ? "vision" : m.type}
            </option>
          ))}
        </datalist>
        <FieldError id={`${id}-model-error`} message={errors.model} />
      </div>
    </div>
  );
}
