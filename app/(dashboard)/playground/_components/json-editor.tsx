"use client";

import { FieldError, inputClass, labelClass } from "@/app/_components/ui";

/** A monospace JSON textarea with its hint and the error that stopped sending. */
export function JsonEditor({
  id,
  label,
  hint,
  value,
  error,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <p id={`${id}-hint`} className="text-xs text-zinc-500">
        {hint}
      </p>
      <textarea
        id={id}
        rows={8}
        spellCheck={false}
        className={`${inputClass} mt-1 font-mono text-xs`}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(" ")}
        onChange={(e) => onChange(e.target.value)}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
