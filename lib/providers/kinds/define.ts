/**
 * The client-safe half of a provider kind: its preset (what the "add provider" form pre-fills)
 * and the environment variables that seed a provider of the kind on first start. Isomorphic and
 * free of server code: the form, the matrix filters and `lib/env.ts` import it. The server half
 * (identification, version, declared capabilities, capacity) is `<kind>.server.ts` beside it,
 * built with `defineKind` from `define.server.ts`. README, "Adding a provider kind".
 */

/** The default configuration of a kind (DESIGN.md, "preset"). */
export type Preset<K extends string = string> = {
  kind: K;
  label: string;
  baseUrl: string;
  /** The key SDKs need even where the server ignores it (Ollama, LM Studio). */
  apiKey?: string;
  defaultModel?: string;
  embeddingModel?: string;
  /** Local servers usually run one request at a time. */
  concurrency: number;
  timeoutMs: number;
  /** Whether the documented base URL ends in /v1 (a missing suffix earns a hint). */
  expectsV1: boolean;
  /** The default port: "Scan for local servers" tries it unless DISCOVERY_PORTS says otherwise. */
  port?: number;
  docs: string;
};

/**
 * Environment variables that create a provider of the kind on the first start against a
 * database (README, "Providers from environment variables"):
 * - `url`: the first variable of the list that is set gives the base URL (`/v1` is added);
 * - `apiKey`: a key variable; when set without a URL the provider is created at the preset's
 *   base URL, and the preset's key (for the form) is this variable's value.
 */
export type SeedEnv = { url?: readonly string[]; apiKey?: string };

/** The client-safe half of one provider kind. */
export type KindPreset<K extends string = string> = {
  preset: Preset<K>;
  seedEnv: SeedEnv;
  /**
   * The docker-compose service name the kind runs as beside the app (docker-compose.yml): where
   * that host name resolves, the preset points at `http://<service>:<port>/v1` and scans try it.
   */
  composeService?: string;
};

/** Declares the client-safe half of a kind; the literal `kind` is kept for the kind union. */
export function defineKindPreset<const K extends string>(def: KindPreset<K>): KindPreset<K> {
  return def;
}
