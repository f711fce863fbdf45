import "server-only";
import pkg from "@/package.json" with { type: "json" };
import { AppError } from "@/lib/errors";
import type { ProbeResultView, ProbeRunDetail, ProbeRunView, RunTrigger } from "@/lib/schemas/probes";
import { getProvider, resolveProvider } from "../providers/service";
import { STALE_AFTER_MS, activeRuns, executeRun, runHub } from "./execute";
import { selectProbes } from "./registry";
import * as repo from "./repository";
import { toResultView, toRunView } from "./views";

/**
 * Probe runs: start (one running run per provider+model), list, get, cancel, and the history
 * of one feature. Runs execute in the background of the instance that started them; every
 * result is stored as it finishes, so readers on any instance see progress from the database.
 */

/** Input of {@link startProbeRun}. */
export type StartRunInput = {
  providerId: string;
  /** Default: the provider's default model. */
  model?: string;
  /** Default: every feature. */
  features?: readonly string[];
  trigger: RunTrigger;
  createdById: string | null;
  /** Overrides the per-probe deadline (default: the provider's timeout per request). */
  probeTimeoutMs?: number;
};

/** What {@link startProbeRun} answers: the run, whether it is new, and when it ends. */
export type StartedRun = { run: ProbeRunView; created: boolean; finished: Promise<ProbeRunView> };

const isUniqueViolation = (err: unknown): boolean => (err as { code?: unknown })?.code === "P2002";
const activeKeyOf = (providerId: string, model: string): string => `${providerId} ${model}`;

/** Marks runs left by a dead instance as interrupted (their stored results stay). */
export async function sweepStaleRuns(now = Date.now()): Promise<number> {
  return repo.interruptStaleRunRows(new Date(now - STALE_AFTER_MS));
}

async function viewOf(id: string): Promise<ProbeRunView> {
  const row = await repo.findRunRow(id);
  if (!row) throw new AppError("not_found", "No such probe run: it may have been deleted with its provider.");
  return toRunView(row);
}

/**
 * Starts probing a provider+model. When a run for the same provider+model is already
 * running (on any instance), answers that run with `created: false` instead of starting a
 * second one: the unique `activeKey` makes this safe against concurrent starts.
 */
export async function startProbeRun(input: StartRunInput): Promise<StartedRun> {
  const provider = await resolveProvider(input.providerId);
  const model = input.model ?? provider.defaultModel;
  if (!model) {
    throw new AppError("validation_failed", `${provider.name} has no default model: name the model to probe.`, [
      { path: "model", message: "is required when the provider has no default model" },
    ]);
  }
  const probes = selectProbes(input.features);
  const activeKey = activeKeyOf(provider.id, model);
  await sweepStaleRuns();
  let row;
  try {
    row = await repo.insertRunRow({
      providerId: provider.id,
      model,
      trigger: input.trigger,
      status: "running",
      features: probes.map((p) => p.feature),
      appVersion: pkg.version,
      activeKey,
      createdById: input.createdById,
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const running = await repo.findActiveRunRow(activeKey);
    if (!running) return startProbeRun(input); // it finished in between
    const id = running.id;
    return { run: toRunView(running), created: false, finished: waitForRun(id) };
  }
  const id = row.id;
  const done = executeRun(id, provider, model, probes, {
    ...(input.probeTimeoutMs ? { probeTimeoutMs: input.probeTimeoutMs } : {}),
  });
  return { run: toRunView(row), created: true, finished: done.then(() => viewOf(id)) };
}

/** Resolves with the run once it is no longer running (polling the database for other instances' runs). */
export async function waitForRun(id: string, signal?: AbortSignal): Promise<ProbeRunView> {
  for (;;) {
    const local = activeRuns.get(id);
    if (local) await local.finished;
    const run = await viewOf(id);
    if (run.status !== "running" || signal?.aborted) return run;
    await waitForChange(id, 1000, signal);
  }
}

/** Waits until run `id` changes in this process, `ms` pass, or `signal` aborts. */
export function waitForChange(id: string, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      runHub.off(id, done);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    runHub.on(id, done);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Runs, newest first, optionally of one provider (and model). */
export async function listProbeRuns(filter: { providerId?: string; model?: string; limit: number }) {
  await sweepStaleRuns();
  const where = {
    ...(filter.providerId ? { providerId: filter.providerId } : {}),
    ...(filter.model ? { model: filter.model } : {}),
  };
  return (await repo.listRunRows(where, filter.limit)).map(toRunView);
}

/** One run with its results, in the order they finished. */
export async function getProbeRun(id: string): Promise<ProbeRunDetail> {
  await sweepStaleRuns();
  const [run, results] = await Promise.all([viewOf(id), repo.listResultRows(id)]);
  return { ...run, results: results.map(toResultView) };
}

/**
 * Cancels a running run: results already stored stay, in-flight probes are aborted and not
 * stored. The instance executing it notices within a heartbeat when that is another one.
 * Cancelling a finished run is a 409.
 */
export async function cancelProbeRun(id: string): Promise<ProbeRunView> {
  const run = await viewOf(id);
  const cancelled = await repo.updateRunningRun(id, { status: "cancelled", finishedAt: new Date(), activeKey: null });
  if (!cancelled)
    throw new AppError("conflict", `This run is already ${run.status}; only a running run can be cancelled.`);
  const local = activeRuns.get(id);
  if (local) {
    local.controller.abort();
    await local.finished;
  }
  runHub.emit(id);
  return viewOf(id);
}

/** The verdicts of one feature for a provider+model over time, newest first. */
export async function featureHistory(
  providerId: string,
  query: { model?: string; feature: string; limit: number },
): Promise<ProbeResultView[]> {
  selectProbes([query.feature]);
  const provider = await getProvider(providerId);
  const model = query.model ?? provider.defaultModel;
  if (!model) throw new AppError("validation_failed", "model is required: the provider has no default model.");
  return (await repo.listFeatureHistoryRows(providerId, model, query.feature, query.limit)).map(toResultView);
}
