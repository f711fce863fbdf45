"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { PlugZap } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFieldArray, useForm, useWatch, type Path } from "react-hook-form";
import { toast } from "sonner";
import { FormField } from "@/app/_components/form-field";
import { buttonClass, FormAlert, inputClass, labelClass, secondaryButtonClass } from "@/app/_components/ui";
import { ENVIRONMENTS } from "@/lib/environments";
import { PRESETS, PROVIDER_KINDS, baseUrlHints } from "@/lib/providers/presets";
import { formErrorBanner } from "@/lib/providers/form-errors";
import { ApiError } from "@/lib/queries/api-client";
import {
  useCreateProvider,
  useProviderModels,
  useRefreshModels,
  useTestUnsavedConnection,
  useUpdateProvider,
} from "@/lib/queries/providers";
import { providerFieldsSchema, type CreateProviderBody, type ProviderView } from "@/lib/schemas/providers";
import { ConnectionResult, MODEL_FIELD_LABEL } from "./connection-test";

type Props =
  | { mode: "create"; initial: CreateProviderBody; existing?: undefined }
  | { mode: "edit"; initial: CreateProviderBody; existing: ProviderView };

/** A stale edit: someone saved since the form opened. `currentVersion` is absent when the server did not say. */
type Stale = { currentVersion: number | null };

/** The server marks every stale-version 409 with `details.reason === "stale"` and the version it now holds. */
function staleConflict(err: ApiError): Stale | null {
  const details = err.details as { reason?: string; currentVersion?: unknown } | undefined;
  if (err.status !== 409 || details?.reason !== "stale") return null;
  return { currentVersion: typeof details.currentVersion === "number" ? details.currentVersion : null };
}

/** Create or edit a provider. The same zod schema as the API validates it before sending. */
export function ProviderForm({ mode, initial, existing }: Props) {
  const router = useRouter();
  const create = useCreateProvider();
  const update = useUpdateProvider(existing?.id ?? "");
  const [stale, setStale] = useState<Stale | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const testSettings = useTestUnsavedConnection();
  const refreshModels = useRefreshModels(existing?.id ?? "");
  const form = useForm<CreateProviderBody>({ resolver: zodResolver(providerFieldsSchema), defaultValues: initial });
  const { register, handleSubmit, formState, setError } = form;
  const headers = useFieldArray({ control: form.control, name: "headers" });
  // Model pickers offer what the server listed (Refresh models), free text still allowed.
  const models = useProviderModels(existing?.id ?? "", { enabled: mode === "edit" });
  const chatModels = (models.data ?? []).filter((m) => m.type !== "embedding").map((m) => m.modelId);
  const embeddingModels = (models.data ?? []).filter((m) => m.type !== "chat").map((m) => m.modelId);
  const errors = formState.errors;
  const [kind, baseUrl, headerValues] = useWatch({ control: form.control, name: ["kind", "baseUrl", "headers"] });
  const hints = baseUrl ? baseUrlHints(kind, baseUrl) : [];
  /** The stored header a row keeps when its value is left blank: matched by name, as the server does. */
  const storedHeader = (i: number) => {
    const name = headerValues?.[i]?.name?.trim().toLowerCase();
    return name ? existing?.headers.find((h) => h.set && h.name.toLowerCase() === name) : undefined;
  };

  /** Shows the server's refusal: each named field gets its message, the banner names them in words. */
  const showRefusal = (err: unknown, what: "saved" | "tested") => {
    if (!(err instanceof ApiError))
      return setFormError(`Could not ${what === "saved" ? "save" : "test"} the provider.`);
    const fields = err.fieldErrors();
    for (const [field, message] of Object.entries(fields)) setError(field as Path<CreateProviderBody>, { message });
    setFormError(formErrorBanner(what, err.message, fields));
  };

  /** "Test connection" with what is in the form now, saved or not (a blank key uses the stored one). */
  const test = async () => {
    setFormError(null);
    testSettings.reset();
    // Validated like a save (errors by the fields), without submitting the form.
    if (!(await form.trigger())) return;
    const values = providerFieldsSchema.parse(form.getValues());
    try {
      const result = await testSettings.mutateAsync({ ...values, ...(existing ? { providerId: existing.id } : {}) });
      // The stored provider's settings connect: read its models, so the Models panel lists them.
      if (result.outcome === "reachable" && existing && !formState.isDirty) {
        refreshModels.mutate(undefined, { onError: (err) => toast.error(err.message) });
      }
    } catch (err) {
      showRefusal(err, "tested");
    }
  };

  /**
   * The one-click fix Test connection offers for a configured model the server does not list:
   * the closest name it lists goes into the field. A saved provider with no other unsaved edit
   * is saved at once; otherwise the field is filled for the next save. Then the test runs again.
   */
  const applyModel = async (field: "defaultModel" | "embeddingModel", model: string) => {
    const otherEdits = Object.keys(formState.dirtyFields).some((k) => k !== field);
    form.setValue(field, model, { shouldDirty: true, shouldValidate: true });
    if (mode === "edit" && !otherEdits) await handleSubmit((values) => save(values))();
    else
      toast.info(
        `${MODEL_FIELD_LABEL[field]} set to ${model}: ${mode === "edit" ? "save changes" : "add the provider"} to keep it.`,
      );
    await test();
  };

  /** `version` overrides the one the form was opened at (overwriting a stale edit). */
  const save = async (values: CreateProviderBody, version?: number) => {
    setFormError(null);
    try {
      const saved =
        mode === "create"
          ? await create.mutateAsync(values)
          : await update.mutateAsync({ ...values, version: version ?? existing.version });
      setStale(null);
      toast.success(mode === "create" ? `Added ${saved.provider.name}.` : `Saved ${saved.provider.name}.`);
      for (const hint of saved.hints) toast.warning(hint);
      router.push(`/providers/${saved.provider.id}`);
      router.refresh();
    } catch (err) {
      const conflict = mode === "edit" && err instanceof ApiError ? staleConflict(err) : null;
      if (conflict) setStale(conflict);
      showRefusal(err, "saved");
    }
  };
  const onSubmit = handleSubmit((values) => save(values));

  // Re-validates and sends what is in the form now, so nothing the user typed is lost.
  const overwrite = () => {
    const currentVersion = stale?.currentVersion;
    if (currentVersion == null) return;
    const confirmed = window.confirm(
      "Overwrite the other person's changes? Every field of this provider is saved as it is in this form now " +
        "(a blank API key or header value keeps the stored one), and their edits are lost.",
    );
    if (confirmed) void handleSubmit((values) => save(values, currentVersion))();
  };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={mode === "create" ? "New provider" : "Edit provider"}
      className="space-y-6"
    >
      {stale ? (
        <div
          role="alert"
          className="flex flex-wrap items-center gap-3 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          <span>
            Someone else saved this provider since you opened it; your edits here are not saved. Reload to see their
            version, or keep your edits and save them over theirs.
          </span>
          <button type="button" className={secondaryButtonClass} onClick={() => window.location.reload()}>
            Reload
          </button>
          {stale.currentVersion !== null ? (
            <button
              type="button"
              className={secondaryButtonClass}
              disabled={formState.isSubmitting}
              onClick={overwrite}
            >
              Keep my edits and overwrite
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
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
        <FormField
          label="Timeout (ms)"
          type="number"
          registration={register("timeoutMs", { valueAsNumber: true })}
          error={errors.timeoutMs}
          hint="1000 to 600000 (10 minutes)."
        />
        <FormField
          label="Max retries"
          type="number"
          registration={register("maxRetries", { valueAsNumber: true })}
          error={errors.maxRetries}
          hint="0 to 10."
        />
        <FormField
          label="Concurrency"
          type="number"
          registration={register("concurrency", { valueAsNumber: true })}
          error={errors.concurrency}
          hint="Requests it accepts at once; local servers often take 1."
        />
        <FormField
          label="HTTP proxy URL"
          registration={register("proxyUrl")}
          error={errors.proxyUrl}
          hint="Optional."
        />
      </div>

      <fieldset>
        <legend className={labelClass}>Environments it serves</legend>
        <div className="mt-2 flex flex-wrap gap-4">
          {ENVIRONMENTS.map((env) => (
            <label key={env} className="flex items-center gap-2 text-sm">
              <input type="checkbox" value={env} {...register("environments")} /> {env}
            </label>
          ))}
        </div>
        {errors.environments ? (
          <p role="alert" className="mt-1 text-sm text-red-600 dark:text-red-400">
            Environments {errors.environments.message}
          </p>
        ) : null}
      </fieldset>

      <fieldset>
        <legend className={labelClass}>Extra headers (values are stored encrypted)</legend>
        <div className="mt-2 space-y-2">
          {headers.fields.map((field, i) => {
            const stored = storedHeader(i);
            const rowErrors = errors.headers?.[i];
            return (
              <div key={field.id} className="flex flex-wrap items-start gap-2">
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
                <button type="button" className={secondaryButtonClass} onClick={() => headers.remove(i)}>
                  Remove<span className="sr-only"> header {i + 1}</span>
                </button>
              </div>
            );
          })}
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => headers.append({ name: "", value: "" })}
          >
            Add header
          </button>
        </div>
      </fieldset>

      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" {...register("enabled")} /> Enabled
      </label>

      <FormAlert message={formError} />
      <div className="space-y-2">
        <div className="flex flex-wrap gap-3">
          <button type="submit" className={buttonClass} disabled={formState.isSubmitting}>
            {formState.isSubmitting ? "Saving…" : mode === "create" ? "Add provider" : "Save changes"}
          </button>
          <button
            type="button"
            className={secondaryButtonClass}
            disabled={testSettings.isPending}
            onClick={() => void test()}
          >
            <PlugZap aria-hidden="true" size={14} />
            {testSettings.isPending ? "Testing…" : "Test connection"}
          </button>
          <button type="button" className={secondaryButtonClass} onClick={() => router.back()}>
            Cancel
          </button>
        </div>
        {testSettings.data ? (
          <ConnectionResult result={testSettings.data} onUseModel={(field, model) => void applyModel(field, model)} />
        ) : null}
        <p className="text-xs text-zinc-500">
          Test connection tries the settings in this form
          {mode === "create" ? " before anything is saved" : ", saved or not"}
          {existing?.apiKey.set ? "; a blank API key uses the stored one" : ""}.
        </p>
      </div>
    </form>
  );
}
