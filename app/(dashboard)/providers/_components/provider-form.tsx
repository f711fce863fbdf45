"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { PlugZap } from "lucide-react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { StaleEditBanner } from "@/app/(dashboard)/_components/stale-edit-banner";
import { buttonClass, FormAlert, secondaryButtonClass } from "@/app/_components/ui";
import type { ConnectionTestResult } from "@/lib/queries/providers";
import { providerFieldsSchema, type CreateProviderBody } from "@/lib/schemas/providers";
import { ConnectionResult, MODEL_FIELD_LABEL } from "./connection-test";
import { ConnectionFields, EnvironmentsFieldset, HeadersFieldset, LimitFields, ModelFields } from "./provider-fields";
import { type ProviderFormProps, useFormConnectionTest, useRefusal, useSaveProvider } from "./use-provider-form";

type ModelField = "defaultModel" | "embeddingModel";

/** Create or edit a provider. The same zod schema as the API validates it before sending. */
export function ProviderForm(props: ProviderFormProps) {
  const { mode, initial, existing } = props;
  const router = useRouter();
  const form = useForm<CreateProviderBody>({ resolver: zodResolver(providerFieldsSchema), defaultValues: initial });
  const { register, handleSubmit, formState } = form;
  const refusal = useRefusal(form);
  const { stale, save, overwrite } = useSaveProvider(props, form, refusal);
  const { testSettings, test } = useFormConnectionTest(existing, form, refusal);
  const errors = formState.errors;

  /**
   * The one-click fix Test connection offers for a configured model the server does not list:
   * the closest name it lists goes into the field. A saved provider with no other unsaved edit
   * is saved at once; otherwise the field is filled for the next save. Then the test runs again.
   */
  const applyModel = async (field: ModelField, model: string) => {
    const otherEdits = Object.keys(formState.dirtyFields).some((k) => k !== field);
    form.setValue(field, model, { shouldDirty: true, shouldValidate: true });
    if (mode === "edit" && !otherEdits) await handleSubmit((values) => save(values))();
    else
      toast.info(
        `${MODEL_FIELD_LABEL[field]} set to ${model}: ${mode === "edit" ? "save changes" : "add the provider"} to keep it.`,
      );
    await test();
  };
  const onSubmit = handleSubmit((values) => save(values));

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={mode === "create" ? "New provider" : "Edit provider"}
      className="space-y-6"
    >
      {stale ? (
        <StaleEditBanner what="provider" canOverwrite>
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
        </StaleEditBanner>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        <ConnectionFields form={form} errors={errors} existing={existing} />
        <ModelFields form={form} errors={errors} existing={existing} />
        <LimitFields form={form} errors={errors} />
      </div>
      <EnvironmentsFieldset form={form} errors={errors} />
      <HeadersFieldset form={form} errors={errors} existing={existing} />

      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" {...register("enabled")} /> Enabled
      </label>

      <FormAlert message={refusal.formError} />
      <ProviderFormActions
        mode={mode}
        isSubmitting={formState.isSubmitting}
        isTesting={testSettings.isPending}
        testResult={testSettings.data}
        hasStoredKey={existing?.apiKey.set ?? false}
        onTest={() => void test()}
        onUseModel={(field, model) => void applyModel(field, model)}
        onCancel={() => router.back()}
      />
    </form>
  );
}

/** Save (or Add), Test connection and Cancel; under them the test's result and what it tries. */
function ProviderFormActions({
  mode,
  isSubmitting,
  isTesting,
  testResult,
  hasStoredKey,
  onTest,
  onUseModel,
  onCancel,
}: {
  mode: ProviderFormProps["mode"];
  isSubmitting: boolean;
  isTesting: boolean;
  testResult: ConnectionTestResult | undefined;
  hasStoredKey: boolean;
  onTest: () => void;
  onUseModel: (field: ModelField, model: string) => void;
  onCancel: () => void;
}) {
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-3">
        <button type="submit" className={buttonClass} disabled={isSubmitting}>
          {isSubmitting ? "Saving…" : mode === "create" ? "Add provider" : "Save changes"}
        </button>
        <button type="button" className={secondaryButtonClass} disabled={isTesting} onClick={onTest}>
          <PlugZap aria-hidden="true" size={14} />
          {isTesting ? "Testing…" : "Test connection"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onCancel}>
          Cancel
        </button>
      </div>
      {testResult ? <ConnectionResult result={testResult} onUseModel={onUseModel} /> : null}
      <p className="text-xs text-zinc-500">
        Test connection tries the settings in this form
        {mode === "create" ? " before anything is saved" : ", saved or not"}
        {hasStoredKey ? "; a blank API key uses the stored one" : ""}.
      </p>
    </div>
  );
}
