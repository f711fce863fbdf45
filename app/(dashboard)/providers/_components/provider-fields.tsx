"use client";

import { useFieldArray, useWatch, type FieldErrors, type UseFormReturn } from "react-hook-form";
import { FormField } from "@/app/_components/form-field";
import { inputClass, labelClass, secondaryButtonClass } from "@/app/_components/ui";
import { ENVIRONMENTS } from "@/lib/environments";
import { PRESETS, PROVIDER_KINDS, baseUrlHints } from "@/lib/providers/presets";
import { useProviderModels } from "@/lib/queries/providers";
import type { CreateProviderBody, ProviderView } from "@/lib/schemas/providers";

/** The sections of the provider form; each reads and registers its own fields. */

type SectionProps = {
  form: UseFormReturn<CreateProviderBody>;
  errors: FieldErrors<CreateProviderBody>;
  existing?: ProviderView;
};

/** Where the server is and how to sign in: name, kind, base URL (with the kind's hints) and API key. */
export function ConnectionFields({ form, errors, existing }: SectionProps) {
  const { register } = form;
  const [kind, baseUrl] = useWatch({ control: form.control, name: ["kind", "baseUrl"] });
  const hints = baseUrl ? baseUrlHints(kind, baseUrl) : [];
  return (
    <>
      <FormField label="Name" registration={register("name")} error={errors.name} />
      <div>
        <label htmlFor="field-kind" className={labelClass}>
          Kind
        </label>
        <select id="field-kind" className={`${inputClass} mt-1`} {...register("kind")}>
          {PROVIDER_KINDS.map((k) => (
            <option key={k} value={k}>
              {PRESETS[k].label}
            </option>
          ))}
        </select>
      </div>
      <div className="md:col-span-2">
        <FormField
          label="Base URL"
          registration={register("baseUrl")}
          error={errors.baseUrl}
          hint={hints[0] ?? "The address SDKs use as base_url, usually ending in /v1."}
        />
      </div>
      <div className="md:col-span-2">
        <FormField
          label="API key"
          type="password"
          autoComplete="off"
          registration={register("apiKey")}
          error={errors.apiKey}
          hint={
            existing?.apiKey.set
              ? `A key is stored${existing.apiKey.hint?.includes("…") ? ` (${existing.apiKey.hint})` : ""}. Leave blank to keep it.`
              : "Optional for most local servers."
          }
        />
        {existing?.apiKey.set ? (
          <label className="mt-2 flex items-center gap-2 text-sm">
            <input type="checkbox" {...register("clearApiKey")} /> Clear the stored key
          </label>
        ) : null}
      </div>
    </>
  );
}

/** The two model fields; their pickers offer what the server listed (Refresh models), free text still allowed. */
export function ModelFields({ form, errors, existing }: SectionProps) {
  const { register } = form;
  const models = useProviderModels(existing?.id ?? "", { enabled: existing !== undefined });
  const chatModels = (models.data ?? []).filter((m) => m.type !== "embedding").map((m) => m.modelId);
  const embeddingModels = (models.data ?? []).filter((m) => m.type !== "chat").map((m) => m.modelId);
  return (
    <>
      <FormField
        label="Default chat model"
        registration={register("defaultModel")}
        error={errors.defaultModel}
        suggestions={chatModels}
      />
      <FormField
        label="Embedding model"
        registration={register("embeddingModel")}
        error={errors.embeddingModel}
        suggestions={embeddingModels}
      />
    </>
  );
}

/** The numeric limits, in the order the form shows them, each with its allowed range. */
const LIMIT_FIELDS = [
  { name: "timeoutMs", label: "Timeout (ms)", hint: "1000 to 600000 (10 minutes)." },
  { name: "maxRetries", label: "Max retries", hint: "0 to 10." },
  { name: "concurrency", label: "Concurrency", hint: "Requests it accepts at once; local servers often take 1." },
] as const;

/** How calls are made: timeout, retries, concurrency and an optional proxy. */
export function LimitFields({ form, errors }: SectionProps) {
  const { register } = form;
  return (
    <>
      {LIMIT_FIELDS.map((f) => (
        <FormField
          key={f.name}
          label={f.label}
          type="number"
          registration={register(f.name, { valueAsNumber: true })}
          error={errors[f.name]}
          hint={f.hint}
        />
      ))}
      <FormField label="HTTP proxy URL" registration={register("proxyUrl")} error={errors.proxyUrl} hint="Optional." />
    </>
  );
}

/** Which environments the provider serves (at least one). */
export function EnvironmentsFieldset({ form, errors }: SectionProps) {
  return (
    <fieldset>
      <legend className={labelClass}>Environments it serves</legend>
      <div className="mt-2 flex flex-wrap gap-4">
        {ENVIRONMENTS.map((env) => (
          <label key={env} className="flex items-center gap-2 text-sm">
            <input type="checkbox" value={env} {...form.register("environments")} /> {env}
          </label>
        ))}
      </div>
      {errors.environments ? (
        <p role="alert" className="mt-1 text-sm text-red-600 dark:text-red-400">
          Environments {errors.environments.message}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * Extra headers, added and removed as rows. A stored header's value is never shown: a row
 * whose value is left blank keeps the stored one, matched by name as the server does.
 */
export function HeadersFieldset({ form, errors, existing }: SectionProps) {
  const headers = useFieldArray({ control: form.control, name: "headers" });
  const headerValues = useWatch({ control: form.control, name: "headers" });
  const storedHeader = (i: number) => {
    const name = headerValues?.[i]?.name?.trim().toLowerCase();
    return name ? existing?.headers.find((h) => h.set && h.name.toLowerCase() === name) : undefined;
  };
  return (
    <fieldset>
      <legend className={labelClass}>Extra headers (values are stored encrypted)</legend>
      <div className="mt-2 space-y-2">
        {headers.fields.map((field, i) => (
          <HeaderRow
            key={field.id}
            form={form}
            index={i}
            rowErrors={errors.headers?.[i]}
            stored={storedHeader(i)}
            onRemove={() => headers.remove(i)}
          />
        ))}
        <button type="button" className={secondaryButtonClass} onClick={() => headers.append({ name: "", value: "" })}>
          Add header
        </button>
      </div>
    </fieldset>
  );
}

type HeaderErrors = NonNullable<FieldErrors<CreateProviderBody>["headers"]>[number];

/** One header: its name, its value (a stored one's hint as the placeholder) and Remove. */
function HeaderRow({
  form,
  index: i,
  rowErrors,
  stored,
  onRemove,
}: {
  form: UseFormReturn<CreateProviderBody>;
  index: number;
  rowErrors: HeaderErrors | undefined;
  /** The stored header of this row's name, if any. */
  stored: ProviderView["headers"][number] | undefined;
  onRemove: () => void;
}) {
  const { register } = form;
  return (
    <div className="flex flex-wrap items-start gap-2">
      <div className="min-w-40 flex-1">
        <input
          aria-label={`Header ${i + 1} name`}
          className={inputClass}
          placeholder="X-Header-Name"
          {...register(`headers.${i}.name`)}
        />
        {rowErrors?.name ? (
          <p role="alert" className="mt-1 text-sm text-red-600">
            Name {rowErrors.name.message}
          </p>
        ) : null}
      </div>
      <div className="min-w-40 flex-1">
        <input
          aria-label={`Header ${i + 1} value`}
          type="password"
          autoComplete="off"
          className={inputClass}
          placeholder={stored ? `stored (${stored.hint}); blank keeps it` : "value"}
          {...register(`headers.${i}.value`)}
        />
        {rowErrors?.value ? (
          <p role="alert" className="mt-1 text-sm text-red-600">
            Value {rowErrors.value.message}
          </p>
        ) : null}
      </div>
      <button type="button" className={secondaryButtonClass} onClick={onRemove}>
        Remove<span className="sr-only"> header {i + 1}</span>
      </button>
    </div>
  );
}
