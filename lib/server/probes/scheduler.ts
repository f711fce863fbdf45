import "server-only";
import crypto from "node:crypto";
import os from "node:os";
import type { Prisma } from "@/lib/generated/sqlite/client";
import type { ProbeScheduleBody, ProbeScheduleView } from "@/lib/schemas/probes";
import { getProvider } from "../providers/service";
import { selectProbes } from "./registry";
import * as repo from "./repository";
import { startProbeRun } from "./service";
import { toScheduleView } from "./views";

/**
 * Scheduled re-probing: a per-provider interval, off by default. Every instance ticks; a due
 * schedule is claimed with one conditional UPDATE that moves `nextRunAt` forward only if it
 * still holds the value read (see `claimScheduleRow`), so on SQLite or on one PostgreSQL
 * shared by several instances, the same scheduled run executes exactly once. The run itself
 * is also guarded by the one-running-run-per-provider+model rule.
 */

/** How often each instance looks for due schedules. */
export const SCHEDULER_TICK_MS = 30_000;

/** This process, as named in `claimedBy`. */
export const INSTANCE_ID = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;

/** A provider's schedule (interval null: off). */
export async function getProbeSchedule(providerId: string): Promise<ProbeScheduleView> {
  await getProvider(providerId);
  return toScheduleView(providerId, await repo.findScheduleRow(providerId));
}

/** Sets or clears (intervalMinutes null) a provider's schedule; the first run is one interval from now. */
export async function setProbeSchedule(providerId: string, body: ProbeScheduleBody): Promise<ProbeScheduleView> {
  await getProvider(providerId);
  if (body.intervalMinutes === null) {
    await repo.deleteScheduleRow(providerId);
  } else {
    if (body.features) selectProbes(body.features);
    await repo.upsertScheduleRow(providerId, {
      intervalMinutes: body.intervalMinutes,
      model: body.model ?? null,
      features: (body.features ?? undefined) as Prisma.InputJsonValue | undefined,
      enabled: true,
      nextRunAt: new Date(Date.now() + body.intervalMinutes * 60_000),
    });
  }
  return getProbeSchedule(providerId);
}

/**
 * One scheduler tick: claims each due schedule and starts its run. Returns the ids of the
 * runs this instance started (a claim lost to another instance starts nothing).
 */
export async function runDueSchedules(
  options: { instanceId?: string; now?: Date } = {},
): Promise<{ providerId: string; runId: string }[]> {
  const now = options.now ?? new Date();
  const started: { providerId: string; runId: string }[] = [];
  for (const row of await repo.listDueScheduleRows(now)) {
    const nextRunAt = new Date(now.getTime() + row.intervalMinutes * 60_000);
    const claimed = await repo.claimScheduleRow(row.providerId, row.nextRunAt, {
      by: options.instanceId ?? INSTANCE_ID,
      at: now,
      nextRunAt,
    });
    if (!claimed) continue;
    try {
      const provider = await getProvider(row.providerId);
      if (!provider.enabled) continue;
      const features = Array.isArray(row.features) ? (row.features as string[]) : undefined;
      const { run } = await startProbeRun({
        providerId: row.providerId,
        ...(row.model ? { model: row.model } : {}),
        ...(features ? { features } : {}),
        trigger: "schedule",
        createdById: null,
      });
      await repo.setScheduleLastRun(row.providerId, run.id);
      started.push({ providerId: row.providerId, runId: run.id });
    } catch (err) {
      console.error(`[probes] scheduled run of provider ${row.providerId} failed to start: ${(err as Error).message}`);
    }
  }
  return started;
}

declare global {
  // One scheduler per process (module instances of the front door and of Next share it).
  var switchyardProbeScheduler: ReturnType<typeof setInterval> | undefined;
}

/** Starts this instance's scheduler (once per process); returns a function that stops it. */
export function startProbeScheduler(tickMs = SCHEDULER_TICK_MS): () => void {
  if (!globalThis.switchyardProbeScheduler) {
    globalThis.switchyardProbeScheduler = setInterval(() => {
      runDueSchedules().catch((err: unknown) =>
        console.error(`[probes] scheduler tick failed: ${(err as Error).message}`),
      );
    }, tickMs);
    globalThis.switchyardProbeScheduler.unref?.();
  }
  return () => {
    clearInterval(globalThis.switchyardProbeScheduler);
    globalThis.switchyardProbeScheduler = undefined;
  };
}
