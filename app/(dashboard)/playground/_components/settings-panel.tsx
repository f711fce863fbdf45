"use client";

import { useId } from "react";
import { FieldError, inputClass, labelClass } from "@/app/_components/ui";
import { SETTINGS_LABELS } from "@/lib/playground/settings";
import type { FieldErrors, SettingsDraft, SettingsField } from "@/lib/playground/types";
import { Checkbox } from "./checkbox";
import { JsonEditor } from "./json-editor";

type NumberField = "temperature" | "topP" | "maxTokens" | "seed";

const NUMBER_FIELDS: { key: NumberField; placeholder: string; inputMode: "decimal" | "numeric" }[] = [
  { key: "temperature", placeholder: "default (0–2)", inputMode: "decimal" },
  { key: "topP", placeholder: "default (0–1)", inputMode: "decimal" },
  { key: "maxTokens", placeholder: "default", inputMode: "numeric" },
  { key: "seed", placeholder: "none", inputMode: "numeric" },
];

/** The shared parameters: system prompt, sampling, stop sequences, JSON mode, structured output, tools. */
export function SettingsPanel({
  draft,
  errors,
  disabled,
  onChange,
}: {
  draft: SettingsDraft;
  errors: FieldErrors<SettingsField>;
  disabled: boolean;
  onChange: (update: Partial<SettingsDraft>) => void;
}) {
  const id = useId();
  const fieldProps = (key: SettingsField) => ({
    id: `${id}-${key}`,
    "aria-invalid": errors[key] ? true : undefined,
    "aria-describedby": errors[key] ? `${id}-${key}-error` : undefined,
  });
  return (
    <fieldset disabled={disabled} className="min-w-0 space-y-4 px-4 pb-6 pt-2 lg:pt-4" aria-describedby={`${id}-hint`}>
      <legend className="sr-only">Parameters</legend>
      <div aria-hidden="true">
        <h2 className="text-sm font-semibold">Parameters</h2>
      </div>
      <p id={`${id}-hint`} className="-mt-3 text-xs text-zinc-500">
        {disabled
          ? "Read-only: viewers see the settings a session was sent with, but cannot change them."
          : "Shared by every column. Empty fields use the provider's default."}
      </p>
      <div>
        <label htmlFor={`${id}-system`} className={labelClass}>
          {SETTINGS_LABELS.system}
        </label>
        <textarea
          {...fieldProps("system")}
          rows={3}
          className={`${inputClass} mt-1`}
          placeholder="You are a helpful assistant."
          value={draft.system}
          onChange={(e) => onChange({ system: e.target.value })}
        />
        <FieldError id={`${id}-system-error`} message={errors.system} />
      </div>
      <div className="grid grid-cols-2 gap-3">
        {NUMBER_FIELDS.map((f) => (
          <div key={f.key}>
            <label htmlFor={`${id}-${f.key}`} className={labelClass}>
              {SETTINGS_LABELS[f.key]}
            </label>
            <input
              {...fieldProps(f.key)}
              inputMode={f.inputMode}
              className={`${inputClass} mt-1`}
              placeholder={f.placeholder}
              value={draft[f.key]}
              onChange={(e) => onChange({ [f.key]: e.target.value })}
            />
            <FieldError id={`${id}-${f.key}-error`} message={errors[f.key]} />
          </div>
        ))}
        <div className="col-span-2">
          <label htmlFor={`${id}-stop`} className={labelClass}>
            {SETTINGS_LABELS.stop}
          </label>
          <textarea
            {...fieldProps("stop")}
            rows={2}
            className={`${inputClass} mt-1 font-mono`}
            placeholder={"One per line (\\n for a line break)"}
            value={draft.stop}
            onChange={(e) => onChange({ stop: e.target.value })}
          />
          <FieldError id={`${id}-stop-error`} message={errors.stop} />
        </div>
      </div>
      <div className="space-y-2 border-t border-zinc-200 pt-3 dark:border-zinc-800">
        {/* JSON mode and structured output are two ways to ask for JSON: turning one on turns the other off. */}
        <Checkbox
          label={SETTINGS_LABELS.jsonMode}
          checked={draft.jsonMode}
          onChange={(on) => onChange(on ? { jsonMode: true, structured: false } : { jsonMode: false })}
        />
        <Checkbox
          label={SETTINGS_LABELS.structured}
          checked={draft.structured}
          onChange={(on) => onChange(on ? { structured: true, jsonMode: false } : { structured: false })}
        />
        <Checkbox label={SETTINGS_LABELS.tools} checked={draft.tools} onChange={(tools) => onChange({ tools })} />
      </div>
      {draft.structured ? (
        <JsonEditor
          id={`${id}-schemaText`}
          label={SETTINGS_LABELS.schemaText}
          hint="A JSON Schema object. It is checked before sending; the reply is validated against it."
          value={draft.schemaText}
          error={errors.schemaText}
          onChange={(schemaText) => onChange({ schemaText })}
        />
      ) : null}
      {draft.tools ? (
        <JsonEditor
          id={`${id}-toolsText`}
          label={SETTINGS_LABELS.toolsText}
          hint='An array of {"type": "function", "function": {"name", "description", "parameters"}}.'
          value={draft.toolsText}
          error={errors.toolsText}
          onChange={(toolsText) => onChange({ toolsText })}
        />
      ) : null}
    </fieldset>
  );
}
