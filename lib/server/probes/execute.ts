import "server-only";
import { EventEmitter } from "node:events";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { invalidateVerdicts } from "../calls/verdicts";
import { listProviderModelRows } from "../providers/repository";
import type { ResolvedProvider } from "../providers/service";
import type { ServerReadCache } from "../upstream/client";
import type { DeclaredCapability } from "../upstream/models";
import * as repo from "./repository";
import { createDeclaredLookup, readServerVersion } from "./facts";
import { type ProbeRecord, runProbes } from "./runner";
import type { Declared, Probe, ProbeProvider } from "./types";

/**
 * Executes a stored run in the background of this process: runs the probes, persists each
 * result the moment it finishes, keeps a heartbeat (so another instance can tell this one
 * died), notices a cancel made on another instance, and closes the run.
 */

/** How often a running run proves it is alive (and checks for a cancel from elsewhere). */
export const HEARTBEAT_MS = 2000;
/** A running run whose heartbeat is older than this was left by an instance that went away. */
export const STALE_AFTER_MS = 30_000;

type ActiveRun = { controller: AbortController; finished: Promise<void> };
declare global {
  // Runs and their followers per process, across module instances and dev reloads.
  var switchyardProbeRuns: Map<string, ActiveRun> | undefined;
  var switchyardProbeHub: EventEmitter | undefined;
}
/** Runs executing in this process (survives dev reloads). */
export const activeRuns: Map<string, ActiveRun> = (globalThis.switchyardProbeRuns ??= new Map());
/** Emits `run id` whenever a result is stored or the run ends, for live followers in this process. */
export const runHub: EventEmitter = (globalThis.switchyardProbeHub ??= new EventEmitter().setMaxListeners(0));

/** The provider as the probes see it. */
export function toProbeProvider(p: ResolvedProvider): ProbeProvider {
  return {
    name: p.name,
    kind: p.kind,
    baseUrl: p.baseUrl,
    apiKey: p.apiKey,
    headers: p.headers,
    timeoutMs: p.timeoutMs,
    maxRetries: p.maxRetries,
    proxyUrl: p.proxyUrl,
    concurrency: p.concurrency,
    embeddingModel: p.embeddingModel,
  };
}

/**
 * Declarations from the provider's stored model list (null: that model declares nothing).
 * Rows written before `known` existed state nothing either way (an absent key is not a "no").
 */
async function storedDeclarations(providerId: string): Promise<Map<string, Declared>> {
  const rows = await listProviderModelRows(providerId);
  return new Map(
    rows.map((r): [string, Declared] => [
      r.modelId,
      Array.isArray(r.declared) && r.source
        ? {
            capabilities: r.declared as DeclaredCapability[],
            known: Array.isArray(r.known) ? (r.known as DeclaredCapability[]) : [],
            source: r.source,
          }
        : null,
    ]),
  );
}

function persist(runId: string, providerId: string, model: string) {
  return async (r: ProbeRecord): Promise<void> => {
    await repo.insertResultRow({
      runId,
      providerId,
      model,
      feature: r.feature,
      verdict: r.verdict,
      reason: r.reason,
      latencyMs: r.latencyMs,
      ttftMs: r.ttftMs,
      // Evidence is plain JSON (exchanges of strings, numbers and objects); Prisma's JSON input
      // type cannot be derived from a typed object with optional fields.
      evidence: r.evidence as unknown as Prisma.InputJsonValue,
      declared: r.declared,
      disagreement: r.disagreement,
      warnings: r.warnings.length ? r.warnings : undefined,
      flags: r.flags.length ? r.flags : undefined,
    });
    // The engine's cached verdicts of this provider+model are stale now.
    invalidateVerdicts(providerId, model);
    runHub.emit(runId);
  };
}

/**
 * Proves the run alive every {@link HEARTBEAT_MS}, and aborts it when its row says it is no
 * longer running (cancelled on another instance). Returns the timer, to clear when the run ends.
 */
function startHeartbeat(runId: string, controller: AbortController): ReturnType<typeof setInterval> {
  const heartbeat = setInterval(() => {
    void repo
      .heartbeatRunRow(runId)
      .then((status) => status !== "running" && controller.abort())
      .catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref?.();
  return heartbeat;
}

/** Stores the server's version and the run model's declarations beside the run, as soon as both are read. */
function recordRunFacts(
  runId: string,
  probing: ProbeProvider,
  model: string,
  declaredFor: (model: string) => Promise<Declared>,
  reads: { signal: AbortSignal; cache: ServerReadCache },
): Promise<void> {
  return Promise.all([readServerVersion(probing, reads.signal, reads.cache), declaredFor(model)]).then(
    async ([serverVersion, declared]) => {
      await repo.updateRunFacts(runId, {
        serverVersion: serverVersion ?? null,
        declared: declared?.capabilities ?? undefined,
        declaredSource: declared?.source ?? null,
      });
    },
  );
}

/** Runs the probes of a stored run and closes it: completed, cancelled, or failed with its message. */
async function runToEnd(
  runId: string,
  provider: ResolvedProvider,
  model: string,
  probes: readonly Probe[],
  options: { probeTimeoutMs?: number },
  signal: AbortSignal,
): Promise<void> {
  const probing = toProbeProvider(provider);
  // One run's reads of the server's own endpoints share their answers (`/props` is read once).
  const cache: ServerReadCache = new Map();
  try {
    const declaredFor = createDeclaredLookup(probing, await storedDeclarations(provider.id), signal, cache);
    const facts = recordRunFacts(runId, probing, model, declaredFor, { signal, cache });
    const outcome = await runProbes({
      provider: probing,
      model,
      probes,
      signal,
      declaredFor,
      serverReads: cache,
      // The row-level finding is stored before any cell, so the matrix says it once.
      onBlocker: (blocker) => repo.updateRunFacts(runId, { blocker }),
      onResult: persist(runId, provider.id, model),
      ...(options.probeTimeoutMs ? { probeTimeoutMs: options.probeTimeoutMs } : {}),
    });
    await facts.catch(() => undefined);
    if (outcome.capacity !== null) await repo.updateRunFacts(runId, { capacity: outcome.capacity });
    await repo.updateRunningRun(runId, {
      status: signal.aborted ? "cancelled" : "completed",
      finishedAt: new Date(),
      activeKey: null,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`[probes] run ${runId} failed: ${message}`);
    await repo
      .updateRunningRun(runId, {
        status: "failed",
        error: message.slice(0, 500),
        finishedAt: new Date(),
        activeKey: null,
      })
      .catch(() => undefined);
  }
}

/** Starts executing run `runId` (already stored as running); the promise settles when it is closed. */
export function executeRun(
  runId: string,
  provider: ResolvedProvider,
  model: string,
  probes: readonly Probe[],
  options: { probeTimeoutMs?: number } = {},
): Promise<void> {
  const controller = new AbortController();
  const heartbeat = startHeartbeat(runId, controller);
  const finished = runToEnd(runId, provider, model, probes, options, controller.signal).finally(() => {
    clearInterval(heartbeat);
    activeRuns.delete(runId);
    runHub.emit(runId);
  });
  activeRuns.set(runId, { controller, finished });
  return finished;
}
