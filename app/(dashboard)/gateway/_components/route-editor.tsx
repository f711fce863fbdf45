"use client";

import { useState } from "react";
import { toast } from "sonner";
import { StaleEditBanner } from "@/app/(dashboard)/_components/stale-edit-banner";
import { Field, FormAlert, buttonClass, inputClass, secondaryButtonClass } from "@/app/_components/ui";
import type { Environment } from "@/lib/environments";
import { ApiError, staleConflict } from "@/lib/queries/api-client";
import { useSaveRoute } from "@/lib/queries/gateway";
import { type RouteTarget, type RouteView, routeFieldsSchema } from "@/lib/schemas/gateway";
import { type ProviderOption, RouteTargetList, servingProviders } from "./route-targets";

export type { ProviderOption } from "./route-targets";

type Props = {
  environment: Environment;
  providers: ProviderOption[];
  route?: RouteView;
  onDone: () => void;
};

/**
 * Create or edit a route: its name and its ordered targets (1–5). Targets reorder with the
 * arrow buttons, Alt+↑/↓ on a row's handle, or by dragging the handle. The same zod schema
 * as the API checks the form first; a stale edit gets a Reload, as providers do.
 */
export function RouteEditor({ environment, providers, route, onDone }: Props) {
  const serving = servingProviders(providers, environment);
  const [name, setName] = useState(route?.name ?? "");
  const [targets, setTargets] = useState<RouteTarget[]>(
    route?.targets.map(({ providerId, model }) => ({ providerId, model })) ?? [
      { providerId: serving[0]?.id ?? "", model: serving[0]?.defaultModel ?? "" },
    ],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const save = useSaveRoute();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const parsed = routeFieldsSchema.safeParse({ name, environment, targets });
    if (!parsed.success) {
      const out: Record<string, string> = {};
      for (const i of parsed.error.issues) out[i.path.join(".")] ??= i.message;
      setErrors(out);
      return;
    }
    setErrors({});
    try {
      const saved = await save.mutateAsync({ ...parsed.data, id: route?.id, version: route?.version });
      toast.success(`Saved route ${saved.route.name}.`);
      onDone();
    } catch (err) {
      if (staleConflict(err)) {
        setStale(true);
        return;
      }
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      setFormError(err instanceof Error ? err.message : String(err));
    }
  }

  const id = route?.id ?? "new";
  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      aria-label={route ? `Edit route ${route.name}` : "New route"}
    >
      {stale ? <StaleEditBanner what="route" /> : null}
      <FormAlert message={formError} />
      <Field id={`route-name-${id}`} label="Name" error={errors.name ? `Name ${errors.name}` : undefined}>
        <input
          id={`route-name-${id}`}
          className={`${inputClass} max-w-xs`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? `route-name-${id}-error` : undefined}
        />
      </Field>
      <RouteTargetList
        id={id}
        environment={environment}
        providers={providers}
        errors={errors}
        targets={[targets, setTargets]}
      />
      <div className="flex gap-2">
        <button type="submit" className={buttonClass} disabled={save.isPending}>
          {save.isPending ? "Saving…" : route ? "Save route" : "Create route"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
