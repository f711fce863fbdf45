"use client";

import {
  useFieldArray,
  useWatch,
  type FieldErrors,
  type UseFormRegisterReturn,
  type UseFormReturn,
} from "react-hook-form";
import { FormField, FormSelect } from "@/app/_components/form-field";
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

const KIND_OPTIONS = PROVIDER_KINDS.map((k): [string, string] => [k, PRESETS[k].label]);

/** Where the server is and how to sign in: name, kind, base URL (with the kind's hints) and API key. */
export function ConnectionFields({ form, errors, existing }: SectionProps) {
  const { register } = form;
  const [kind, baseUrl] = useWatch({ control: form.control, name: ["kind", "baseUrl"] });
  const hints = baseUrl ? baseUrlHints(kind, baseUrl) : [];
  return (
    <>
      <FormField label="Name" registration={register("name")} error={errors.name} />
      <FormSelect label="Kind" registration={register("kind")} options={KIND_OPTIONS} />
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
      <HeaderInput
        aria-label={`Header ${i + 1} name`}
        placeholder="X-Header-Name"
        errorLabel="Name"
        error={rowErrors?.name}
        {...register(`headers.${i}.name`)}
      />
      <HeaderInput
        aria-label={`Header ${i + 1} value`}
        type="password"
        autoComplete="off"
        placeholder={stored ? `stored (${stored.hint}); blank keeps it` : "value"}
        errorLabel="Value"
        error={rowErrors?.value}
        {...register(`headers.${i}.value`)}
      />
      <button type="button" className={secondaryButtonClass} onClick={onRemove}>
        Remove<span className="sr-only"> header {i + 1}</span>
      </button>
    </div>
  );
}

/** A header's name or value input, with its error ("Name is required") under it. */
function HeaderInput({
  errorLabel,
  error,
  ...input
}: { errorLabel: string; error: { message?: string } | undefined } & React.InputHTMLAttributes<HTMLInputElement> &
  UseFormRegisterReturn) {
  return (
    <div className="min-w-40 flex-1">
      <input className={inputClass} {...input} />
      {error ? (
        <p role="alert" className="mt-1 text-sm text-red-600">
          {errorLabel} {error.message}
        </p>
      ) : null}
    </div>
  );
}
