"use client";

import { secondaryButtonClass } from "@/app/_components/ui";
import { defaultTarget } from "@/lib/playground/conversation";
import type { FieldErrors, TargetDraft } from "@/lib/playground/types";
import { MAX_FALLBACKS, type PlaygroundProvider } from "@/lib/schemas/playground";
import { quietButtonClass } from "./styles";
import { TargetFields } from "./target-fields";

/**
 * The column's ordered fallback targets, tried when the one before fails before its first
 * token. Lives inside the column's fieldset, which disables it while the column streams.
 */
export function FallbackList({
  fallbacks,
  providers,
  errors,
  onChange,
}: {
  fallbacks: TargetDraft[];
  providers: PlaygroundProvider[];
  errors: FieldErrors;
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
                    className={quietButtonClass}
                    disabled={i === 0}
                    onClick={() => move(i, i - 1)}
                    aria-label={`Move fallback ${i + 1} up`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className={quietButtonClass}
                    disabled={i === fallbacks.length - 1}
                    onClick={() => move(i, i + 1)}
                    aria-label={`Move fallback ${i + 1} down`}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className={quietButtonClass}
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
          className={`${secondaryButtonClass} px-2.5 py-1 text-xs`}
          onClick={() => onChange([...fallbacks, defaultTarget(providers, fallbacks.length + 1)])}
        >
          Add fallback
        </button>
      ) : null}
    </div>
  );
}
