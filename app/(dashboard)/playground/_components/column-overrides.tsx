"use client";

import { useId } from "react";
import { FieldError, inputClass, labelClass } from "@/app/_components/ui";
import type { FieldErrors, OverridesDraft } from "@/lib/playground/types";

const FIELDS = [
  { key: "temperature", label: "temperature", placeholder: "shared", inputMode: "decimal" },
  { key: "maxTokens", label: "max tokens", placeholder: "shared", inputMode: "numeric" },
  { key: "seed", label: "seed", placeholder: "shared", inputMode: "numeric" },
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
  disabled,
  onChange,
}: {
  column: number;
  sameSettings: boolean;
  overrides: OverridesDraft;
  errors: FieldErrors;
  disabled?: boolean;
  onChange: (sameSettings: boolean, overrides: OverridesDraft) => void;
}) {
  const id = useId();
  return (
    <div className="space-y-2">
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={sameSettings}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked, overrides)}
        />
        Same settings for all
      </label>
      {sameSettings ? null : (
        <div className="grid grid-cols-3 gap-2">
          {FIELDS.map((f) => (
            <div key={f.key}>
              <label htmlFor={`${id}-${f.key}`} className={`${labelClass} text-xs`}>
                Column {column} {f.label}
              </label>
              <input
                id={`${id}-${f.key}`}
                className={`${inputClass} mt-1`}
                inputMode={f.inputMode}
                placeholder={f.placeholder}
                value={overrides[f.key]}
                disabled={disabled}
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
