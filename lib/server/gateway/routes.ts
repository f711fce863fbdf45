import "server-only";
import type { Environment } from "@/lib/environments";
import { AppError } from "@/lib/errors";
import type { RouteFields, RouteTarget, RouteView } from "@/lib/schemas/gateway";
import { listProviderNames } from "../providers/repository";
import { listProviders } from "../providers/service";
import { invalidateGatewayConfig } from "./config";
import * as repo from "./repository";

/**
 * Gateway routes: a name clients send as `model` → per environment, an ordered chain of 1–5
 * targets. Admins edit them (optimistic locking, as providers); every edit reaches the
 * gateway's cached configuration at once in this process, within seconds elsewhere.
 */

const targetsOf = (v: unknown): RouteTarget[] =>
  Array.isArray(v)
    ? v.filter(
        (t): t is RouteTarget =>
          typeof t === "object" && t !== null && typeof t.providerId === "string" && typeof t.model === "string",
      )
    : [];

function toView(row: repo.RouteRow, names: ReadonlyMap<string, string>): RouteView {
  return {
    id: row.id,
    name: row.name,
    environment: row.environment as Environment,
    targets: targetsOf(row.targets).map((t) => ({ ...t, providerName: names.get(t.providerId) ?? null })),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function providerNames(): Promise<Map<string, string>> {
  return new Map((await listProviderNames()).map((p) => [p.id, p.name]));
}

export async function listRoutes(): Promise<RouteView[]> {
  const [rows, names] = await Promise.all([repo.listRouteRows(), providerNames()]);
  return rows.map((r) => toView(r, names));
}

async function rowOrThrow(id: string): Promise<repo.RouteRow> {
  const row = await repo.findRouteRow(id);
  if (!row) throw new AppError("not_found", "No such route: it may have been deleted.");
  return row;
}

export async function getRoute(id: string): Promise<RouteView> {
  return toView(await rowOrThrow(id), await providerNames());
}

/** Every target names a provider that exists and serves the route's environment. */
async function assertTargetsServe(fields: RouteFields): Promise<void> {
  const providers = new Map((await listProviders()).map((p) => [p.id, p]));
  const details = fields.targets.flatMap((t, i) => {
    const p = providers.get(t.providerId);
    if (!p) return [{ path: `targets.${i}.providerId`, message: "names no provider: it may have been deleted" }];
    if (!p.environments.includes(fields.environment)) {
      return [
        { path: `targets.${i}.providerId`, message: `names ${p.name}, which does not serve ${fields.environment}` },
      ];
    }
    return [];
  });
  if (details.length) {
    throw new AppError("validation_failed", `${details[0]!.path} ${details[0]!.message}`, details);
  }
}

function conflictOnName(err: unknown, fields: RouteFields): never {
  if ((err as { code?: unknown })?.code === "P2002") {
    throw new AppError("conflict", `A route named "${fields.name}" already exists in ${fields.environment}.`, [
      { path: "name", message: `is already used in ${fields.environment}` },
    ]);
  }
  throw err;
}

export async function createRoute(fields: RouteFields, createdById: string | null): Promise<RouteView> {
  await assertTargetsServe(fields);
  const row = await repo
    .insertRouteRow({ ...fields, targets: fields.targets, createdById })
    .catch((err: unknown) => conflictOnName(err, fields));
  invalidateGatewayConfig();
  return toView(row, await providerNames());
}

function stale(currentVersion: number): AppError {
  return new AppError(
    "conflict",
    "This route was changed by someone else since you opened it. Reload to see their changes, then edit again.",
    { reason: "stale", currentVersion },
  );
}

export async function updateRoute(id: string, fields: RouteFields & { version: number }): Promise<RouteView> {
  const row = await rowOrThrow(id);
  if (row.version !== fields.version) throw stale(row.version);
  await assertTargetsServe(fields);
  const saved = await repo
    .updateRouteRowAtVersion(id, fields.version, {
      name: fields.name,
      environment: fields.environment,
      targets: fields.targets,
    })
    .catch((err: unknown) => conflictOnName(err, fields));
  if (!saved) throw stale((await rowOrThrow(id)).version);
  invalidateGatewayConfig();
  return getRoute(id);
}

export async function deleteRoute(id: string): Promise<void> {
  await rowOrThrow(id);
  await repo.deleteRouteRow(id);
  invalidateGatewayConfig();
}
