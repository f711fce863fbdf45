import { invalidateVerdicts } from "@/lib/server/calls/verdicts";
import { getDb } from "@/lib/server/db";

/**
 * Stores a finished probe run of some features, as the runner would (one result per
 * feature, reason "<feature> is <verdict> here"), `minutesAgo` in the past, and drops the
 * engine's cached verdicts of that provider+model so the next read sees it.
 */
export async function storeProbeRun(
  providerId: string,
  model: string,
  verdicts: Record<string, string>,
  options: { minutesAgo?: number; flags?: Record<string, string[]> } = {},
): Promise<void> {
  const at = new Date(Date.now() - (options.minutesAgo ?? 5) * 60_000);
  const run = await getDb().probeRun.create({
    data: {
      providerId,
      model,
      trigger: "manual",
      status: "completed",
      features: Object.keys(verdicts),
      appVersion: "test",
      startedAt: at,
      finishedAt: at,
    },
  });
  await getDb().probeResult.createMany({
    data: Object.entries(verdicts).map(([feature, verdict]) => ({
      runId: run.id,
      providerId,
      model,
      feature,
      verdict,
      reason: `${feature} is ${verdict} here`,
      latencyMs: 10,
      evidence: {},
      flags: options.flags?.[feature] ?? [],
      createdAt: at,
    })),
  });
  invalidateVerdicts(providerId, model);
}
