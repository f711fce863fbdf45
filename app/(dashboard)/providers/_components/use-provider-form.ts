"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { UseFormReturn } from "react-hook-form";
import { toast } from "sonner";
import { setFieldErrors } from "@/app/_components/form-field";
import { formErrorBanner } from "@/lib/providers/form-errors";
import { ApiError, staleConflict, type StaleConflict } from "@/lib/queries/api-client";
import {
  useCreateProvider,
  useRefreshModels,
  useTestUnsavedConnection,
  useUpdateProvider,
} from "@/lib/queries/providers";
import { providerFieldsSchema, type CreateProviderBody, type ProviderView } from "@/lib/schemas/providers";

/** What the provider form edits: a new provider, or a stored one (its view says what is stored). */
export type ProviderFormProps =
  | { mode: "create"; initial: CreateProviderBody; existing?: undefined }
  | { mode: "edit"; initial: CreateProviderBody; existing: ProviderView };

type ProviderFormApi = UseFormReturn<CreateProviderBody>;

/** The banner's message and how a refusal reaches it; shared by saving and testing. */
export type Refusal = ReturnType<typeof useRefusal>;

/** The form-level error; a server refusal puts each named field's message on it, the banner names them in words. */
export function useRefusal(form: ProviderFormApi) {
  const [formError, setFormError] = useState<string | null>(null);
  const { setError } = form;
  const show = (err: unknown, what: "saved" | "tested") => {
    if (!(err instanceof ApiError))
      return setFormError(`Could not ${what === "saved" ? "save" : "test"} the provider.`);
    const fields = err.fieldErrors();
    setFieldErrors(setError, fields);
    setFormError(formErrorBanner(what, err.message, fields));
  };
  return { formError, setFormError, show };
}

/**
 * Saving: create or update, then on to the provider's page. A stale edit (409) is kept for
 * the banner, and `overwrite` saves this form over it at the version the server now holds.
 */
export function useSaveProvider({ mode, existing }: ProviderFormProps, form: ProviderFormApi, refusal: Refusal) {
  const router = useRouter();
  const create = useCreateProvider();
  const update = useUpdateProvider(existing?.id ?? "");
  const [stale, setStale] = useState<StaleConflict | null>(null);
  const { handleSubmit } = form;

  /** `version` overrides the one the form was opened at (overwriting a stale edit). */
  const save = async (values: CreateProviderBody, version?: number) => {
    refusal.setFormError(null);
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
      const conflict = mode === "edit" ? staleConflict(err) : null;
      if (conflict) setStale(conflict);
      refusal.show(err, "saved");
    }
  };

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

  return { stale, save, overwrite };
}

/** "Test connection" with what is in the form now, saved or not (a blank key uses the stored one). */
export function useFormConnectionTest(existing: ProviderView | undefined, form: ProviderFormApi, refusal: Refusal) {
  const testSettings = useTestUnsavedConnection();
  const refreshModels = useRefreshModels(existing?.id ?? "");
  const { formState } = form;

  const test = async () => {
    refusal.setFormError(null);
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
      refusal.show(err, "tested");
    }
  };

  return { testSettings, test };
}
