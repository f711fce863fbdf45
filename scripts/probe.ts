/**
 * `npm run probe -- --provider <name, id or base URL> [--api-key K] [--kind K] [--model M]
 * [--embedding-model M] [--features a,b] [--require a,b] [--format table|json|markdown]
 * [--timeout ms] [--concurrency n]`: probes a provider for CI pipelines.
 *
 * A stored provider (by name or id) is probed as a run stored in the database (trigger
 * `cli`); a base URL is probed ad hoc and nothing is stored. Progress goes to stderr, the
 * verdict table to stdout. Exit code 0, 1 when a `--require`d feature is not `supported`,
 * 2 for a usage or configuration error, 3 when the provider could not be reached at all.
 * Without `--kind`, the server's kind is identified from its own endpoints.
 */
import { parseArgs } from "node:util";
import { PROVIDER_KINDS, type ProviderKind } from "../lib/providers/presets";
import { normaliseUrl } from "../lib/schemas/providers";
import { isTransportFailure } from "../lib/server/probes/classify";
import { readServerCapacity, readServerVersion } from "../lib/server/probes/facts";
import { FEATURES, selectProbes } from "../lib/server/probes/registry";
import {
  type ReportHeader,
  formatJson,
  formatMarkdown,
  formatTable,
  unmetRequirements,
} from "../lib/server/probes/report";
import { type ProbeRecord, runProbes } from "../lib/server/probes/runner";
import { type ProbeProvider, isResultFlag } from "../lib/server/probes/types";
import { identifyServer } from "../lib/server/upstream/discovery";
import { UpstreamError } from "../lib/server/upstream/errors";
import { fetchModels } from "../lib/server/upstream/models";

class UsageError extends Error {}

const { values } = parseArgs({
  options: {
    provider: { type: "string" },
    "api-key": { type: "string" },
    kind: { type: "string" },
    model: { type: "string" },
    "embedding-model": { type: "string" },
    features: { type: "string" },
    require: { type: "string" },
    format: { type: "string", default: "table" },
    timeout: { type: "string" },
    concurrency: { type: "string" },
  },
});

const list = (s: string | undefined): string[] =>
  s
    ? s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean)
    : [];
const positive = (s: string | undefined, flag: string): number | undefined => {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive whole number`);
  return n;
};

function progress(total: number) {
  let done = 0;
  return (r: Pick<ProbeRecord, "feature" | "verdict" | "latencyMs">): void => {
    done++;
    process.stderr.write(
      `[${String(done).padStart(2)}/${total}] ${r.feature.padEnd(20)} ${r.verdict.padEnd(11)} ${r.latencyMs} ms\n`,
    );
  };
}

/** The provider could not be reached at all: exit code 3. */
class UnreachableError extends Error {}

async function probeUrl(url: string, features: string[]): Promise<{ header: ReportHeader; records: ProbeRecord[] }> {
  if (values.kind !== undefined && !PROVIDER_KINDS.includes(values.kind as ProviderKind)) {
    throw new UsageError(`--kind must be one of ${PROVIDER_KINDS.join(", ")}`);
  }
  const target: ProbeProvider = {
    name: normaliseUrl(url),
    kind: (values.kind ?? "custom") as ProviderKind,
    baseUrl: normaliseUrl(url),
    apiKey: values["api-key"] ?? null,
    headers: {},
    timeoutMs: positive(values.timeout, "--timeout") ?? 60_000,
    maxRetries: 0,
    proxyUrl: null,
    concurrency: 4,
    embeddingModel: values["embedding-model"] ?? null,
  };
  if (!values.kind) {
    // The server says what it is from its own endpoints (as "Scan for local servers" reads them),
    // so its version and declared capabilities are read without --kind.
    const found = await identifyServer(target, { timeoutMs: Math.min(target.timeoutMs, 10_000) });
    if (found) {
      target.kind = found.kind;
      process.stderr.write(
        `identified ${found.kind}${found.version ? ` ${found.version}` : ""} (${found.identifiedBy})\n`,
      );
    }
  }
  // Default concurrency: what the server declares it handles at once (llama.cpp total_slots), else 4.
  target.concurrency = positive(values.concurrency, "--concurrency") ?? (await readServerCapacity(target)) ?? 4;
  let model = values.model;
  if (!model) {
    const { models } = await fetchModels(target).catch((err: Error & { kind?: string }) => {
      if (err instanceof UpstreamError && isTransportFailure(err)) {
        throw new UnreachableError(`could not reach the provider at ${target.baseUrl}: ${err.message}`);
      }
      throw new UsageError(`--model is needed: the model list could not be read (${err.message})`);
    });
    model = models.find((m) => m.type === "chat")?.modelId;
    if (!model) throw new UsageError("--model is needed: the server lists no chat model");
    process.stderr.write(`probing ${model} (the first chat model listed; choose another with --model)\n`);
  }
  const probes = selectProbes(features);
  const [outcome, serverVersion] = await Promise.all([
    runProbes({ provider: target, model, probes, onResult: progress(probes.length) }),
    readServerVersion(target),
  ]);
  if (outcome.blocker?.kind === "unreachable") throw new UnreachableError(outcome.blocker.reason);
  if (outcome.blocker) process.stderr.write(`${outcome.blocker.reason}\n`);
  const records = [...outcome.records];
  const order = (r: ProbeRecord) => FEATURES.indexOf(r.feature);
  records.sort((a, b) => order(a) - order(b));
  return { header: { provider: target.name, model, serverVersion: serverVersion ?? null, runId: null }, records };
}

async function probeStored(
  nameOrId: string,
  features: string[],
): Promise<{ header: ReportHeader; records: ProbeRecord[] }> {
  const { listProviders } = await import("../lib/server/providers/service");
  const { cancelProbeRun, getProbeRun, startProbeRun, waitForRun } = await import("../lib/server/probes/service");
  const { followProbeRun } = await import("../lib/server/probes/follow");
  const providers = await listProviders();
  const provider = providers.find((p) => p.name === nameOrId || p.id === nameOrId);
  if (!provider) {
    const known = providers.map((p) => p.name).join(", ") || "none";
    throw new UsageError(
      `no provider named "${nameOrId}" (known: ${known}); or pass a base URL such as http://localhost:11434/v1`,
    );
  }
  if (values["api-key"]) process.stderr.write("--api-key is ignored for a stored provider (its stored key is used)\n");
  const started = await startProbeRun({
    providerId: provider.id,
    ...(values.model ? { model: values.model } : {}),
    features,
    trigger: "cli",
    createdById: null,
    ...(values.timeout ? { probeTimeoutMs: positive(values.timeout, "--timeout") } : {}),
  });
  if (!started.created) process.stderr.write(`following run ${started.run.id}, already in progress for this model\n`);
  // Ctrl-C cancels the stored run (its finished results stay) instead of leaving it running.
  process.once("SIGINT", () => {
    void cancelProbeRun(started.run.id)
      .catch(() => undefined)
      .finally(() => process.exit(130));
  });
  const report = progress(started.run.total);
  for await (const event of followProbeRun(started.run.id, new AbortController().signal)) {
    if (event.type === "result") report(event.result);
  }
  await waitForRun(started.run.id);
  const run = await getProbeRun(started.run.id);
  if (run.blocker?.kind === "unreachable") throw new UnreachableError(run.blocker.reason);
  if (run.blocker) process.stderr.write(`${run.blocker.reason}\n`);
  const records: ProbeRecord[] = run.results.map((r) => ({ ...r, flags: r.flags.filter(isResultFlag) }));
  records.sort((a, b) => FEATURES.indexOf(a.feature) - FEATURES.indexOf(b.feature));
  return {
    header: { provider: provider.name, model: run.model, serverVersion: run.serverVersion, runId: run.id },
    records,
  };
}

async function main(): Promise<number> {
  const provider = values.provider;
  if (!provider) throw new UsageError("--provider <name, id or base URL> is required");
  const format = values.format ?? "table";
  if (!["table", "json", "markdown"].includes(format)) throw new UsageError("--format must be table, json or markdown");
  const required = list(values.require);
  const asked = list(values.features);
  const features = asked.length ? [...new Set([...asked, ...required])] : [...FEATURES];
  selectProbes([...features, ...required]);
  const { header, records } = /^https?:\/\//i.test(provider)
    ? await probeUrl(provider, features)
    : await probeStored(provider, features);
  const output =
    format === "json"
      ? formatJson(header, records, required)
      : format === "markdown"
        ? formatMarkdown(header, records)
        : formatTable(header, records);
  process.stdout.write(`${output}\n`);
  const unmet = unmetRequirements(records, required);
  if (unmet.length > 0) process.stderr.write(`required but not supported: ${unmet.join(", ")}\n`);
  return unmet.length > 0 ? 1 : 0;
}

main()
  .then(async (code) => {
    if (!/^https?:\/\//i.test(values.provider ?? "")) await (await import("../lib/server/db")).getDb().$disconnect();
    process.exit(code);
  })
  .catch((err: unknown) => {
    const usage = err instanceof UsageError || (err as { code?: string })?.code === "validation_failed";
    process.stderr.write(`probe: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof UnreachableError ? 3 : usage ? 2 : 1);
  });
