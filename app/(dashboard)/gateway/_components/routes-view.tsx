"use client";

import { useState } from "react";
import { toast } from "sonner";
import { LoadError, buttonClass } from "@/app/_components/ui";
import { hasRole, type Role } from "@/lib/auth/roles";
import { ENVIRONMENTS, type Environment } from "@/lib/environments";
import { useDeleteRoute, useRouteStatus, useRoutes, useSaveRoute } from "@/lib/queries/gateway";
import type { RouteView } from "@/lib/schemas/gateway";
import type { EnvironmentDefaultView } from "@/lib/schemas/providers";
import { type ProviderOption, RouteEditor } from "./route-editor";
import { RouteCard } from "./route-card";

type Props = {
  role: Role;
  activeEnvironment: Environment;
  initialRoutes: RouteView[];
  providers: ProviderOption[];
  defaults: EnvironmentDefaultView[];
};

/** The routes of one environment at a time; admins create, edit, reorder and delete. */
export function RoutesView({ role, activeEnvironment, initialRoutes, providers, defaults }: Props) {
  const isAdmin = hasRole(role, "admin");
  const [environment, setEnvironment] = useState<Environment>(activeEnvironment);
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const routes = useRoutes(initialRoutes);
  const status = useRouteStatus();
  const save = useSaveRoute();
  const remove = useDeleteRoute();
  const list = (routes.data ?? []).filter((r) => r.environment === environment);
  const statusOf = new Map((status.data ?? []).map((s) => [s.routeId, s]));
  const fallbackDefault = defaults.find((d) => d.environment === environment);

  async function createDefault() {
    if (!fallbackDefault?.providerId || !fallbackDefault.model) return;
    try {
      await save.mutateAsync({
        name: "default",
        environment,
        targets: [{ providerId: fallbackDefault.providerId, model: fallbackDefault.model }],
      });
      toast.success("Created the route default.");
    } catch (err) {
      toast.error(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <EnvironmentSwitch environment={environment} activeEnvironment={activeEnvironment} onChange={setEnvironment} />
        {isAdmin && editing === null ? (
          <button type="button" className={buttonClass} onClick={() => setEditing("new")}>
            New route
          </button>
        ) : null}
        {!isAdmin ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="routes-read-only">
            Read-only: only admins change routes.
          </p>
        ) : null}
      </div>
      <LoadError error={routes.error} />
      {editing === "new" ? (
        <RouteEditor environment={environment} providers={providers} onDone={() => setEditing(null)} />
      ) : null}
      {list.length === 0 && editing !== "new" ? (
        <NoRoutes
          environment={environment}
          isAdmin={isAdmin}
          fallbackDefault={fallbackDefault}
          isCreating={save.isPending}
          onCreateDefault={() => void createDefault()}
        />
      ) : null}
      <ul className="space-y-4">
        {list.map((route) => (
          <li
            key={route.id}
            data-testid="route-card"
            aria-label={`Route ${route.name}`}
            className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
          >
            {editing === route.id ? (
              <RouteEditor
                environment={environment}
                providers={providers}
                route={route}
                onDone={() => setEditing(null)}
              />
            ) : (
              <RouteCard
                route={route}
                status={statusOf.get(route.id)}
                isAdmin={isAdmin}
                confirmingDelete={confirmDelete === route.id}
                onEdit={() => setEditing(route.id)}
                onAskDelete={() => setConfirmDelete(route.id)}
                onDelete={() =>
                  remove.mutate(route.id, {
                    onSuccess: () => toast.success(`Deleted route ${route.name}.`),
                    onError: (err) => toast.error(err.message),
                  })
                }
                onKeep={() => setConfirmDelete(null)}
              />
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One environment's routes at a time; the one this instance serves is marked. */
function EnvironmentSwitch({
  environment,
  activeEnvironment,
  onChange,
}: {
  environment: Environment;
  activeEnvironment: Environment;
  onChange: (env: Environment) => void;
}) {
  return (
    <div
      role="group"
      aria-label="Environment"
      className="inline-flex rounded-md border border-zinc-300 dark:border-zinc-700"
    >
      {ENVIRONMENTS.map((env) => (
        <button
          key={env}
          type="button"
          aria-pressed={env === environment}
          onClick={() => onChange(env)}
          className={`px-3 py-1.5 text-sm ${env === environment ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : ""}`}
        >
          {env}
          {env === activeEnvironment ? " (this instance)" : ""}
        </button>
      ))}
    </div>
  );
}

/**
 * An environment without routes: what a route is, and for admins the one-click `default`
 * from the environment's default provider (or where to set one).
 */
function NoRoutes({
  environment,
  isAdmin,
  fallbackDefault,
  isCreating,
  onCreateDefault,
}: {
  environment: Environment;
  isAdmin: boolean;
  fallbackDefault: EnvironmentDefaultView | undefined;
  isCreating: boolean;
  onCreateDefault: () => void;
}) {
  return (
    <section
      aria-label="No routes yet"
      className="rounded-lg border border-dashed border-zinc-300 px-6 py-10 text-center dark:border-zinc-700"
    >
      <h2 className="text-base font-semibold">No routes in {environment} yet</h2>
      <p className="mx-auto mt-2 max-w-xl text-sm text-zinc-600 dark:text-zinc-400">
        Applications send a route&apos;s name as <code>model</code>; the gateway tries its targets in order and falls
        back when one fails. Most teams start with <code>default</code>.
      </p>
      {isAdmin ? (
        fallbackDefault?.providerId && fallbackDefault.model ? (
          <button type="button" className={`${buttonClass} mt-4`} onClick={onCreateDefault} disabled={isCreating}>
            Create <code>default</code> from the environment&apos;s default provider ({fallbackDefault.providerName}/
            {fallbackDefault.model})
          </button>
        ) : (
          <p className="mt-4 text-sm text-zinc-600">
            Set a default provider for {environment} in Settings → Environment defaults to create <code>default</code>{" "}
            in one click, or use New route.
          </p>
        )
      ) : null}
    </section>
  );
}
