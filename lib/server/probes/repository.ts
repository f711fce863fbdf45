import "server-only";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { getDb } from "../db";

/** Prisma calls for probe runs, results and schedules; rules live in service.ts and scheduler.ts. */

const withCount = { _count: { select: { results: true } } } as const;

/** A run row with its result count. */
export type RunRow = NonNullable<Awaited<ReturnType<typeof findRunRow>>>;
/** A result row. */
export type ResultRow = Awaited<ReturnType<typeof listResultRows>>[number];
/** A schedule row. */
export type ScheduleRow = NonNullable<Awaited<ReturnType<typeof findScheduleRow>>>;

export function insertRunRow(data: Prisma.ProbeRunUncheckedCreateInput) {
  return getDb().probeRun.create({ data, include: withCount });
}

export function findRunRow(id: string) {
  return getDb().probeRun.findUnique({ where: { id }, include: withCount });
}

export function findActiveRunRow(activeKey: string) {
  return getDb().probeRun.findUnique({ where: { activeKey }, include: withCount });
}

export function listRunRows(where: { providerId?: string; model?: string }, take: number) {
  return getDb().probeRun.findMany({
    where,
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take,
    include: withCount,
  });
}

/** Updates a run only while it is still `running`; returns whether it was. */
export async function updateRunningRun(id: string, data: Prisma.ProbeRunUncheckedUpdateInput): Promise<boolean> {
  const { count } = await getDb().probeRun.updateMany({ where: { id, status: "running" }, data });
  return count === 1;
}

export async function updateRunFacts(
  id: string,
  data: Pick<
    Prisma.ProbeRunUncheckedUpdateInput,
    "serverVersion" | "declared" | "declaredSource" | "blocker" | "capacity"
  >,
): Promise<void> {
  await getDb().probeRun.update({ where: { id }, data });
}

/** Refreshes the heartbeat of a running run; returns the run's status (null when deleted). */
export async function heartbeatRunRow(id: string): Promise<string | null> {
  const db = getDb();
  await db.probeRun.updateMany({ where: { id, status: "running" }, data: { heartbeatAt: new Date() } });
  return (await db.probeRun.findUnique({ where: { id }, select: { status: true } }))?.status ?? null;
}

/** Marks running runs whose heartbeat is older than `before` as interrupted (their instance died). */
export async function interruptStaleRunRows(before: Date): Promise<number> {
  const { count } = await getDb().probeRun.updateMany({
    where: { status: "running", heartbeatAt: { lt: before } },
    data: { status: "interrupted", activeKey: null, finishedAt: new Date() },
  });
  return count;
}

export function insertResultRow(data: Prisma.ProbeResultUncheckedCreateInput) {
  return getDb().probeResult.create({ data });
}

export function listResultRows(runId: string) {
  return getDb().probeResult.findMany({ where: { runId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** Newest first; served by the (providerId, model, feature, createdAt) index. */
export function listFeatureHistoryRows(providerId: string, model: string, feature: string, take: number) {
  return getDb().probeResult.findMany({
    where: { providerId, model, feature },
    orderBy: { createdAt: "desc" },
    take,
  });
}

export function findScheduleRow(providerId: string) {
  return getDb().probeSchedule.findUnique({ where: { providerId } });
}

export async function upsertScheduleRow(
  providerId: string,
  data: Omit<Prisma.ProbeScheduleUncheckedCreateInput, "providerId">,
): Promise<void> {
  await getDb().probeSchedule.upsert({ where: { providerId }, create: { providerId, ...data }, update: data });
}

export async function deleteScheduleRow(providerId: string): Promise<void> {
  await getDb().probeSchedule.deleteMany({ where: { providerId } });
}

export function listDueScheduleRows(now: Date) {
  return getDb().probeSchedule.findMany({
    where: { enabled: true, nextRunAt: { lte: now } },
    orderBy: { nextRunAt: "asc" },
  });
}

/**
 * Claims one due scheduled run: moves `nextRunAt` on only if it still holds the value this
 * instance read. One conditional UPDATE is atomic on SQLite and on PostgreSQL (a concurrent
 * updater re-checks the WHERE after the row lock), so exactly one instance wins.
 */
export async function claimScheduleRow(
  providerId: string,
  dueAt: Date,
  claim: { by: string; at: Date; nextRunAt: Date },
): Promise<boolean> {
  const { count } = await getDb().probeSchedule.updateMany({
    where: { providerId, enabled: true, nextRunAt: dueAt },
    data: { nextRunAt: claim.nextRunAt, claimedBy: claim.by, claimedAt: claim.at },
  });
  return count === 1;
}

export async function setScheduleLastRun(providerId: string, runId: string): Promise<void> {
  await getDb().probeSchedule.updateMany({ where: { providerId }, data: { lastRunId: runId } });
}
