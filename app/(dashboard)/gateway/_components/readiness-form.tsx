"use client";

import { useState } from "react";
import { Field, buttonClass, inputClass, selectClass } from "@/app/_components/ui";

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
      <Field id="ready-scope" label="Traffic of">
        <select
          id="ready-scope"
          className={`${selectClass} py-2`}
          value={`${scope}:${scopeValue}`}
          onChange={(e) => {
            const [kind, ...rest] = e.target.value.split(":");
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
        </select>
      </Field>
      <Field id="ready-provider" label="Candidate provider">
        <select
          id="ready-provider"
          className={`${selectClass} py-2`}
          value={providerId}
          onChange={(e) => {
            setProviderId(e.target.value);
            setModel(providers.find((p) => p.id === e.target.value)?.defaultModel ?? "");
          }}
        >
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
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
      <Field id="ready-days" label="Last days">
        <select
          id="ready-days"
          className={`${selectClass} py-2`}
          value={days}
          onChange={(e) => setDays(e.target.value)}
        >
          {["1", "7", "14", "30"].map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
      </Field>
      <button type="submit" className={buttonClass} disabled={!scopeValue || !providerId || !model}>
        Check
      </button>
    </form>
  );
}
