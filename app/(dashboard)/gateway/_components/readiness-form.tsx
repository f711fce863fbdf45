"use client";

import { useState } from "react";
import { Field, SelectField, buttonClass, inputClass } from "@/app/_components/ui";

/** A candidate target to answer for: its provider's id and name, default model and listed models. */
export type ReadinessProvider = { id: string; name: string; defaultModel: string | null; models: string[] };

/** The question as the readiness API takes it: route or keyId, providerId, model, days. */
export type ReadinessQuestion = Record<string, string>;

/**
 * Whose traffic (a route or a key), which candidate provider and model, and how many days
 * back; Check asks. Choosing a provider puts its default model in the model field.
 */
export function ReadinessForm({
  routeNames,
  keys,
  providers,
  onAsk,
}: {
  routeNames: string[];
  keys: { id: string; name: string }[];
  providers: ReadinessProvider[];
  onAsk: (question: ReadinessQuestion) => void;
}) {
  const [scope, setScope] = useState<"route" | "keyId">(routeNames.length ? "route" : "keyId");
  const [scopeValue, setScopeValue] = useState(routeNames[0] ?? keys[0]?.id ?? "");
  const [providerId, setProviderId] = useState(providers[0]?.id ?? "");
  const [model, setModel] = useState(providers[0]?.defaultModel ?? "");
  const [days, setDays] = useState("7");
  const provider = providers.find((p) => p.id === providerId);

  return (
    <form
      aria-label="Switch readiness question"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        onAsk({ [scope]: scopeValue, providerId, model, days });
      }}
    >
      <SelectField
        id="ready-scope"
        label="Traffic of"
        value={`${scope}:${scopeValue}`}
        onChange={(value) => {
          const [kind, ...rest] = value.split(":");
          setScope(kind === "keyId" ? "keyId" : "route");
          setScopeValue(rest.join(":"));
        }}
      >
        <optgroup label="Routes">
          {routeNames.map((n) => (
            <option key={n} value={`route:${n}`}>
              route {n}
            </option>
          ))}
        </optgroup>
        <optgroup label="Keys">
          {keys.map((k) => (
            <option key={k.id} value={`keyId:${k.id}`}>
              key {k.name}
            </option>
          ))}
        </optgroup>
      </SelectField>
      <SelectField
        id="ready-provider"
        label="Candidate provider"
        value={providerId}
        onChange={(value) => {
          setProviderId(value);
          setModel(providers.find((p) => p.id === value)?.defaultModel ?? "");
        }}
      >
        {providers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <Field id="ready-model" label="Candidate model">
        <input
          id="ready-model"
          className={inputClass}
          value={model}
          list="ready-models"
          onChange={(e) => setModel(e.target.value)}
        />
        <datalist id="ready-models">
          {(provider?.models ?? []).map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
      </Field>
      <SelectField id="ready-days" label="Last days" value={days} onChange={setDays}>
        {["1", "7", "14", "30"].map((d) => (
          <option key={d}>{d}</option>
        ))}
      </SelectField>
      <button type="submit" className={buttonClass} disabled={!scopeValue || !providerId || !model}>
        Check
      </button>
    </form>
  );
}
