"use client";

import { secondaryButtonClass } from "@/app/_components/ui";
import { defaultTarget } from "@/lib/playground/conversation";
import type { FieldErrors, TargetDraft } from "@/lib/playground/types";
import { MAX_FALLBACKS, type PlaygroundProvider } from "@/lib/schemas/playground";
import { TargetFields } from "./target-fields";

const smallButton =
  "rounded px-1.5 py-0.5 text-xs text-zinc-600 hover:bg-zinc-100 disabled:opacity-40 dark:text-zinc-300 dark:hover:bg-zinc-800";

/** The column's ordered fallback targets, tried when the one before fails before its first token. */
export function FallbackList({
  fallbacks,
  providers,
  errors,
  disabled,
  onChange,
}: {
  fallbacks: TargetDraft[];
  providers: PlaygroundProvider[];
  errors: FieldErrors;
  disabled?: boolean;
  onChange: (fallbacks: TargetDraft[]) => void;
}) {
  const move = (from: number, to: number) => {
    const next = [...fallbacks];
    const [item] = next.splice(from, 1);
    if (item) next.splice(to, 0, item);
    onChange(next);
  };
  return (
    <div className="space-y-2">
      {fallbacks.length > 0 ? (
        <ol className="space-y-2">
          {fallbacks.map((f, i) => (
            <li key={i} className="rounded-md border border-dashed border-zinc-300 p-2 dark:border-zinc-700">
              <div className="mb-1 flex items-center justify-between text-xs text-zinc-500">
                <span>Fallback {i + 1}</span>
                <span className="flex gap-1">
                  <button
                    type="button"
                    className={smallButton}
                    disabled={disabled || i === 0}
                    onClick={() => move(i, i - 1)}
                    aria-label={`Move fallback ${i + 1} up`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className={smallButton}
                    disabled={disabled || i === fallbacks.length - 1}
                    onClick={() => move(i, i + 1)}
                    aria-label={`Move fallback ${i + 1} down`}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className={smallButton}
                    disabled={disabled}
                    onClick={() => onChange(fallbacks.filter((_, j) => j !== i))}
                    aria-label={`Remove fallback ${i + 1}`}
                  >
                    ✕
                  </button>
                </span>
              </div>
              <TargetFields
                providerLabel={`Fallback provider ${i + 1}`}
                modelLabel={`Fallback model ${i + 1}`}
                value={f}
                providers={providers}
                disabled={disabled}
                errors={{ provider: errors[`fallback-provider-${i}`], model: errors[`fallback-model-${i}`] }}
                onChange={(value) => onChange(fallbacks.map((x, j) => (j === i ? value : x)))}
              />
            </li>
          ))}
        </ol>
      ) : null}
      {fallbacks.length < MAX_FALLBACKS ? (
        <button
          type="button"
          disabled={disabled}
          className={`${secondaryButtonClass} px-2.5 py-1 text-xs`}
          onClick={() => onChange([...fallbacks, defaultTarget(providers, fallbacks.length + 1)])}
        >
          Add fallback
        </button>
      ) : null}
    </div>
  );
}
