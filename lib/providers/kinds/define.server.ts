import "server-only";
import type { ServerReadCache, UpstreamProvider } from "@/lib/server/upstream/client";
import { type Declarations, isRecord, str } from "@/lib/server/upstream/capabilities";
import type { KindPreset } from "./define";

/** Reads one of the server's own endpoints (relative to the server root); undefined when it did not answer with JSON. */
export type ReadAnswer = (path: string) => unknown;

/**
 * How discovery recognises a kind from its own endpoints. Every kind's `reads` are fetched
 * from a candidate at once; then the kinds' `match` run by ascending `rank` (the most specific
 * first: a server that answers Ollama's `/api/version` is Ollama even if it also lists models).
 */
export type Identify = {
  rank: number;
  /** The paths `match` looks at, e.g. `/api/version`. */
  reads: readonly string[];
  /** The kind's verdict from those answers: its version and the request that told, or null. */
  match(answer: ReadAnswer): { version?: string; identifiedBy: string } | null;
};

/** Options of the server reads below (best effort, short timeout; `cache`: the run's shared answers). */
export type ReadOptions = { signal?: AbortSignal; timeoutMs?: number; cache?: ServerReadCache };

/** The server half of one provider kind, with its client-safe half. */
export type Kind<K extends string = string> = KindPreset<K> & {
  /** How "Scan for local servers" and the probe CLI recognise it; absent: never identified as this kind. */
  identify?: Identify;
  /** Where the server reports its own version (a JSON field of one endpoint). */
  version?: { path: string; field: string };
  /** What the server declares each model can do (its own endpoints, QUIRKS.md); absent: nothing. */
  declarations?: (p: UpstreamProvider, ids: string[], opts: ReadOptions) => Promise<Declarations[]>;
  /**
   * How many requests the server handles at once where it says so (llama.cpp's `total_slots`) or
   * is known to (KoboldCpp: one); the probe runner never exceeds it. Undefined: no limit known.
   */
  capacity?: (p: UpstreamProvider, opts: ReadOptions) => Promise<number | undefined>;
};

/** Declares one provider kind: its preset and seed variables, plus what the server half reads. */
export function defineKind<const K extends string>(def: Kind<K>): Kind<K> {
  return def;
}

/** A `match` for a kind whose tell is a JSON object with a version string at `path` (Ollama, vLLM). */
export function versionAt(path: string, field = "version"): Identify["match"] {
  return (answer) => {
    const body = answer(path);
    const version = isRecord(body) ? str(body[field]) : undefined;
    return version ? { version, identifiedBy: `GET ${path}` } : null;
  };
}
