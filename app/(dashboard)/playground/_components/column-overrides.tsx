"use client";

import { useId } from "react";
import { FieldError, inputClass } from "@/app/_components/ui";
import type { FieldErrors, OverridesDraft } from "@/lib/playground/types";
import { Checkbox } from "./checkbox";

const FIELDS = [
  { key: "temperature", label: "temperature", inputMode: "decimal" },
  { key: "maxTokens", label: "max tokens", inputMode: "numeric" },
  { key: "seed", label: "seed", inputMode: "numeric" },
] as const;

/**
 * Compare mode: "Same settings for all" (default) or this column's own temperature, max
 * tokens and seed on top of the shared parameters. The fields only exist while overriding,
 * so their labels never compete with the shared ones.
 */
export function ColumnOverrides({
  column,
  sameSettings,
  overrides,
  errors,
  onChange,
}: {
  column: number;
  sameSettings: boolean;
  overrides: OverridesDraft;
  errors: FieldErrors;
  onChange: (sameSettings: boolean, overrides: OverridesDraft) => void;
}) {
  const id = useId();
  return (
    <div className="space-y-2">
      <Checkbox label="Same settings for all" checked={sameSettings} onChange={(same) => onChange(same, overrides)} />
      {sameSettings ? null : (
        <div className="grid grid-cols-3 gap-2">
          {FIELDS.map((f) => (
            <div key={f.key}>
              <label htmlFor={`${id}-${f.key}`} className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
                Column {column} {f.label}
              </label>
              <input
                id={`${id}-${f.key}`}
                className={`${inputClass} mt-1`}
                inputMode={f.inputMode}
                placeholder="shared"
                value={overrides[f.key]}
                aria-invalid={errors[f.key] ? true : undefined}
                aria-describedby={errors[f.key] ? `${id}-${f.key}-error` : undefined}
                onChange={(e) => onChange(false, { ...overrides, [f.key]: e.target.value })}
              />
              <FieldError id={`${id}-${f.key}-error`} message={errors[f.key]} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
