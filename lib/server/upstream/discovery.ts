import "server-only";
import { linkSignals } from "@/lib/abort";
import { getEnv } from "@/lib/env";
import { IDENTIFIABLE_KINDS } from "@/lib/providers/kinds/index.server";
import type { FoundServer } from "@/lib/schemas/providers";
import { resolvingComposeServices } from "../providers/presets";
import { parseModelList } from "./capabilities";
import { type UpstreamProvider, fetchServerJson } from "./client";
import { UpstreamError } from "./errors";

/**
 * "Scan for local servers": probes host × port concurrently and identifies each server from
 * its own endpoints (each kind's `identify` in lib/providers/kinds/). Two deadlines: a port
 * that gives no HTTP answer at all within `timeoutMs` (closed, or accepting the connection
 * and never answering) is dropped, so a scan of dead ports ends on time; a server that did
 * answer gets `identifyTimeoutMs` more to answer the rest — a busy machine is slow, not
 * empty — and is reported as "answering, not identified yet" if it still has not.
 */

/** Options of {@link scanLocalServers}; every field has a default. */
export type ScanOptions = {
  /** Default: `localhost`, plus each compose service that resolves (e.g. `ollama`). */
  hosts?: string[];
  /** Default: DISCOVERY_PORTS (each kind's default port). */
  ports?: number[];
  /** How long a port has to give any HTTP answer (default {@link DEFAULT_SCAN_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** How long a server has, after its first answer, to answer the rest (default {@link DEFAULT_IDENTIFY_TIMEOUT_MS}). */
  identifyTimeoutMs?: number;
  signal?: AbortSignal;
};

/** Short enough that a scan of closed and hanging ports still answers within 2 s. */
export const DEFAULT_SCAN_TIMEOUT_MS = 1500;
/** After its first answer, a server may take this long to answer every other identifying read. */
export const DEFAULT_IDENTIFY_TIMEOUT_MS = 10_000;

/** What a server that answered but did not finish identifying itself in time is reported as. */
export const NOT_IDENTIFIED_YET = "answering, not identified yet";

/** The hosts a scan tries by default: localhost, and each compose service whose name resolves. */
export async function defaultScanHosts(): Promise<string[]> {
  return ["localhost", ...(await resolvingComposeServices()).map((s) => s.host)];
}

/** Every path some kind's `identify` reads, once each. */
const READS = [...new Set(IDENTIFIABLE_KINDS.flatMap((k) => k.identify.reads))];

type Read = { path: string; answered: boolean; body?: unknown };
type Identified = Omit<FoundServer, "baseUrl">;

/** An HTTP answer of any status (or a body that is not JSON) means a server is there. */
const isHttpAnswer = (err: unknown): boolean =>
  err instanceof UpstreamError && (err.kind === "http" || err.kind === "invalid_response" || err.kind === "redirect");

/**
 * Decides the kind from the answers: each kind's `match`, most specific first. A kind whose
 * reads were not all answered cannot be ruled out, so a less specific match after it (a bare
 * model list, say, while `/api/version` is outstanding) is no identification: undefined.
 */
function identify(bodies: Map<string, unknown>, answered: Set<string>): Identified | null | undefined {
  const answer = (path: string): unknown => bodies.get(path);
  const modelCount = parseModelList(answer("/v1/models"))?.length;
  let undecided = false;
  for (const { kind, identify: rule } of IDENTIFIABLE_KINDS) {
    const found = rule.match(answer);
    if (found && !undecided) return { kind, ...found, ...(modelCount === undefined ? {} : { modelCount }) };
    if (found) return undefined;
    if (rule.reads.some((path) => !answered.has(path))) undecided = true;
  }
  return undecided ? undefined : null;
}

/**
 * Reads every identifying endpoint of `target` at once. Null when no HTTP answer came within
 * `answerMs`; otherwise what arrived within `identifyMs` of the first answer, and which reads
 * had answered by then (the others are given up).
 */
async function readAll(
  target: UpstreamProvider,
  { signal, answerMs, identifyMs }: { signal?: AbortSignal; answerMs: number; identifyMs: number },
): Promise<{ bodies: Map<string, unknown>; answered: Set<string> } | null> {
  const stop = new AbortController();
  const linked = linkSignals(signal, stop.signal);
  let timer: NodeJS.Timeout | undefined;
  let answered = false;
  const onAnswer = (): void => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    // From the first answer on, the server has `identifyMs` to answer the rest.
    timer = setTimeout(() => stop.abort(), identifyMs);
  };
  // No answer at all by `answerMs`: a closed or hanging port.
  timer = setTimeout(() => stop.abort(), answerMs);
  const reads = await Promise.all(
    READS.map((path): Promise<Read> =>
      fetchServerJson(target, path, { signal: linked.signal, timeoutMs: answerMs + identifyMs }).then(
        (body) => (onAnswer(), { path, answered: true, body }),
        (err: unknown) => (isHttpAnswer(err) && onAnswer(), { path, answered: isHttpAnswer(err) }),
      ),
    ),
  );
  clearTimeout(timer);
  linked.dispose();
  if (!answered) return null;
  const bodies = new Map(reads.filter((r) => r.body !== undefined).map((r) => [r.path, r.body]));
  return { bodies, answered: new Set(reads.filter((r) => r.answered).map((r) => r.path)) };
}

/**
 * What kind of server answers at `target` (and its version), from its own endpoints, all
 * read at once; null when nothing OpenAI-like answers. Used by the scan and by the probe
 * CLI when `--kind` is not given.
 */
export async function identifyServer(
  target: UpstreamProvider,
  {
    signal,
    timeoutMs,
    identifyTimeoutMs = timeoutMs,
  }: { signal?: AbortSignal; timeoutMs: number; identifyTimeoutMs?: number },
): Promise<Identified | null> {
  const read = await readAll(target, {
    ...(signal ? { signal } : {}),
    answerMs: timeoutMs,
    identifyMs: identifyTimeoutMs,
  });
  if (!read) return null;
  const found = identify(read.bodies, read.answered);
  // It answered something, but a read that might have told is still outstanding.
  return found === undefined ? { kind: "custom", identified: false, identifiedBy: NOT_IDENTIFIED_YET } : found;
}

async function probe(
  host: string,
  port: number,
  opts: Required<Omit<ScanOptions, "hosts" | "ports" | "signal">> & { signal?: AbortSignal },
): Promise<FoundServer | null> {
  const hostPart = host.includes(":") ? `[${host}]` : host;
  const baseUrl = `http://${hostPart}:${port}/v1`;
  const target: UpstreamProvider = {
    baseUrl,
    apiKey: null,
    headers: {},
    timeoutMs: opts.timeoutMs + opts.identifyTimeoutMs,
    maxRetries: 0,
    proxyUrl: null,
  };
  const found = await identifyServer(target, opts);
  return found ? { baseUrl, ...found } : null;
}

/**
 * Scans `hosts` × `ports` for OpenAI-compatible servers; every probe runs concurrently.
 * Returns what answered, in host then port order. Never throws for a closed, hanging or
 * foreign port; such ports are simply absent from the result.
 */
export async function scanLocalServers(opts: ScanOptions = {}): Promise<FoundServer[]> {
  const hosts = opts.hosts ?? (await defaultScanHosts());
  const ports = opts.ports ?? getEnv().discoveryPorts;
  const settings = {
    timeoutMs: opts.timeoutMs ?? DEFAULT_SCAN_TIMEOUT_MS,
    identifyTimeoutMs: opts.identifyTimeoutMs ?? DEFAULT_IDENTIFY_TIMEOUT_MS,
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
  const results = await Promise.all(hosts.flatMap((h) => ports.map((port) => probe(h, port, settings))));
  return results.filter((r): r is FoundServer => r !== null);
}
