import "server-only";
import { getDb } from "../db";
import { listUserNames } from "../users/repository";

/** Prisma calls for the matrix and history; rules live in service.ts. */

/** Result columns the matrix needs (evidence stays in the database until a cell is opened). */
const cellSelect = {
  id: true,
  runId: true,
  feature: true,
  verdict: true,
  reason: true,
  latencyMs: true,
  ttftMs: true,
  disagreement: true,
  warnings: true,
  createdAt: true,
} as const;

const runSelect = {
  id: true,
  providerId: true,
  model: true,
  trigger: true,
  status: true,
  features: true,
  serverVersion: true,
  error: true,
  blocker: true,
  createdById: true,
  startedAt: true,
  finishedAt: true,
} as const;

/** A result row without evidence. */
export type CellRow = Awaited<ReturnType<typeof listCellRows>>[number];
/** A run row without facts. */
export type MatrixRunRow = Awaited<ReturnType<typeof listRecentRunRows>>[number];

/** Every provider+model that has at least one run; served by the (providerId, model, startedAt) index. */
export async function listRowKeys(): Promise<{ providerId: string; model: string }[]> {
  const groups = await getDb().probeRun.groupBy({ by: ["providerId", "model"] });
  return groups.map(({ providerId, model }) => ({ providerId, model }));
}

/**
 * The newest runs of one provider+model, newest first. No `_count` of results: Prisma counts
 * with a grouped subquery over the whole result table (≈ 9 ms at 100,000 results); callers
 * count the results they read anyway.
 */
export function listRecentRunRows(providerId: string, model: string, take: number) {
  return getDb().probeRun.findMany({
    where: { providerId, model },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take,
    select: runSelect,
  });
}

/** The results (without evidence) of some runs, served by the (runId, feature) unique index. */
export function listCellRows(runIds: string[]) {
  return getDb().probeResult.findMany({ where: { runId: { in: runIds } }, select: cellSelect });
}

/**
 * The latest result of each of `features` for one provider+model, with its flags and who
 * started its run: one index range each (`ProbeResult(providerId, model, feature, createdAt)`),
 * finished runs and running ones alike. The one latest-verdict query: the matrix reads it for
 * cells its recent runs do not have (older runs than the ones a row read), and so does the
 * call engine's verdict cache (calls/verdicts.ts).
 */
export function findLatestResultRows(providerId: string, model: string, features: readonly string[]) {
  return Promise.all(
    features.map((feature) =>
      getDb().probeResult.findFirst({
        where: { providerId, model, feature },
        orderBy: { createdAt: "desc" },
        select: { ...cellSelect, flags: true, run: { select: { trigger: true, createdById: true } } },
      }),
    ),
  );
}

/** Who started a run (the account's name), or null (scheduled, CLI, or a deleted account). */
export async function findRunStarterName(runId: string): Promise<string | null> {
  const run = await getDb().probeRun.findUnique({ where: { id: runId }, select: { createdById: true } });
  if (!run?.createdById) return null;
  return (await listUserNames([run.createdById])).get(run.createdById) ?? null;
}
