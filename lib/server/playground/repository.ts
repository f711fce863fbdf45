import "server-only";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { getDb } from "../db";

/** Prisma calls of the playground (sessions, request log, latest verdicts). Nothing else here. */

const summarySelect = { id: true, title: true, sharedAt: true, createdAt: true, updatedAt: true } as const;

export function listSessionRows(userId: string, take: number) {
  return getDb().playgroundSession.findMany({
    where: { userId },
    orderBy: { updatedAt: "desc" },
    take,
    select: summarySelect,
  });
}

export function findSessionRow(id: string) {
  return getDb().playgroundSession.findUnique({ where: { id } });
}

/** The owner of a session, without loading its data. */
export function findSessionOwner(id: string) {
  return getDb().playgroundSession.findUnique({ where: { id }, select: { userId: true } });
}

export type SessionRow = NonNullable<Awaited<ReturnType<typeof findSessionRow>>>;

export function insertSessionRow(data: Prisma.PlaygroundSessionUncheckedCreateInput) {
  return getDb().playgroundSession.create({ data });
}

/** Updates only the owner's row; resolves with null when there is none. */
export async function updateOwnSessionRow(
  id: string,
  userId: string,
  data: Prisma.PlaygroundSessionUncheckedUpdateInput,
): Promise<SessionRow | null> {
  const { count } = await getDb().playgroundSession.updateMany({ where: { id, userId }, data });
  return count === 0 ? null : findSessionRow(id);
}

export async function deleteOwnSessionRow(id: string, userId: string): Promise<boolean> {
  const { count } = await getDb().playgroundSession.deleteMany({ where: { id, userId } });
  return count > 0;
}

export function findUserName(id: string) {
  return getDb().user.findUnique({ where: { id }, select: { name: true } });
}

export function insertRequestLogRow(data: Prisma.RequestLogUncheckedCreateInput) {
  return getDb().requestLog.create({ data, select: { id: true } });
}

export function listRequestLogRows(where: Prisma.RequestLogWhereInput, take: number) {
  return getDb().requestLog.findMany({ where, orderBy: { createdAt: "desc" }, take });
}

export function findUserNames(ids: string[]) {
  return getDb().user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
}

export function findProviderNames(ids: string[]) {
  return getDb().provider.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
}

/**
 * The latest result of each of `features` for one provider+model: one index range each
 * (`ProbeResult(providerId, model, feature, createdAt)`), finished runs and running ones alike.
 */
export function findLatestResultRows(providerId: string, model: string, features: readonly string[]) {
  return Promise.all(
    features.map((feature) =>
      getDb().probeResult.findFirst({
        where: { providerId, model, feature },
        orderBy: { createdAt: "desc" },
        select: { feature: true, verdict: true, reason: true, runId: true, createdAt: true, flags: true },
      }),
    ),
  );
}

export function listEnabledProviderRows() {
  return getDb().provider.findMany({
    where: { enabled: true },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      kind: true,
      defaultModel: true,
      models: { select: { modelId: true, type: true, declared: true }, orderBy: { modelId: "asc" } },
    },
  });
}

/** The default provider and model of one environment, if configured. */
export function findEnvironmentDefaultRow(environment: string) {
  return getDb().environmentDefault.findUnique({ where: { environment }, select: { providerId: true, model: true } });
}
