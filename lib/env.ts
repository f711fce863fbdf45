import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };
import { KIND_PRESETS, type ProviderKind } from "./providers/kinds";

/**
 * The one place that reads process.env. Validated once with zod; an invalid value stops
 * start-up with one line naming the variable and what it allows (EnvError).
 * Not marked server-only: the start and database scripts use it too.
 */
import { ENVIRONMENTS, type Environment } from "./environments";

export { ENVIRONMENTS, type Environment };

const SECRET_FILE = "secret";

/**
 * A variable holding a whole number from `min` to `max` (coerced from its text). Every way it
 * can be wrong — not a number, a fraction, out of range — says the same `message`.
 */
function wholeNumber(min: number, max: number, message: string) {
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
}

const envSchema = z.object({
  ENVIRONMENT: z.enum(ENVIRONMENTS, { error: `must be one of ${ENVIRONMENTS.join(", ")}` }).default("development"),
  DATA_DIR: z.string().min(1).default("data"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (PostgreSQL)")
    .optional(),
  SWITCHYARD_SECRET: z
    .string()
    .refine((v) => decodeSecret(v) !== null, "must be 32 random bytes as 64 hex characters or base64")
    .optional(),
  PORT: wholeNumber(1, 65535, "must be a port number from 1 to 65535").default(3000),
  /** The address users reach the app at; sign-in checks request origins against it. */
  APP_URL: z
    .url({ protocol: /^https?$/, error: "must be an absolute http(s) URL such as http://localhost:3000" })
    .optional(),
  /** Comma-separated extra origins allowed to sign in (e.g. behind a reverse proxy). */
  TRUSTED_ORIGINS: z.string().optional(),
  /** "1" lets provider URLs point at link-local / cloud-metadata addresses (refused by default). */
  ALLOW_METADATA_HOSTS: z.enum(["0", "1"], { error: "must be 0 or 1" }).default("0"),
  /** The built-in simulator at /sim: on by default in development only. */
  SIMULATOR: z.enum(["on", "off"], { error: "must be on or off" }).optional(),
  /** Comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed. */
  TRUSTED_PROXIES: z
    .string()
    .refine(
      (v) => parseTrustedProxies(v) !== null,
      "must be comma-separated IP addresses or CIDR ranges such as 10.0.0.0/8",
    )
    .optional(),
  /** Ports "Scan for local servers" tries, comma-separated. */
  DISCOVERY_PORTS: z
    .string()
    .regex(/^\s*\d{1,5}(\s*,\s*\d{1,5})*\s*$/, "must be comma-separated port numbers such as 11434,1234,8000")
    .optional(),
  /** Days the request log keeps its rows (the playground's and the gateway's). */
  REQUEST_LOG_RETENTION_DAYS: wholeNumber(1, 3650, "must be a whole number of days from 1 to 3650").default(30),
  /** Days the gateway keeps the responses it produced, for `previous_response_id`. */
  RESPONSES_RETENTION_DAYS: wholeNumber(1, 3650, "must be a whole number of days from 1 to 3650").default(30),
  /** Probe runs kept per provider+model (older ones and their results are pruned). */
  PROBE_RUNS_KEPT: wholeNumber(1, 100_000, "must be a whole number from 1 to 100000").default(200),
  /** Bearer token that lets a Prometheus scraper read /metrics (an admin session also can). */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (e.g. openssl rand -hex 32)").optional(),
  /** Seeds on first start (see README, "Providers from environment variables"): each kind's `seedEnv`. */
  ...Object.fromEntries(seedVariables().map((name) => [name, z.string().optional()])),
});

/** Every seeding variable a kind names (`seedEnv` in lib/providers/kinds/), once each. */
function seedVariables(): string[] {
  const names = KIND_PRESETS.flatMap((k) => [
    ...(k.seedEnv.url ?? []),
    ...(k.seedEnv.apiKey ? [k.seedEnv.apiKey] : []),
  ]);
  return [...new Set(names)];
}

/** Each kind's default port, in registry order, once each (11434, 1234, 8000, 8080, 5001). */
export const DEFAULT_DISCOVERY_PORTS = [
  ...new Set(KIND_PRESETS.flatMap((k) => (k.preset.port === undefined ? [] : [k.preset.port]))),
];

/** What the environment seeds for one kind: a base URL and/or a key (see `SeedEnv`). */
export type KindSeed = { url?: string; apiKey?: string };

export type Env = {
  environment: Environment;
  dataDir: string;
  databaseUrl: string;
  port: number;
  appUrl: string;
  trustedOrigins: string[];
  /** 32 bytes: from SWITCHYARD_SECRET, or generated once into `<DATA_DIR>/secret`. */
  secret: Buffer;
  /** Where the secret came from: rotation writes a new file, or tells you to set the variable. */
  secretSource: "env" | "file";
  allowMetadataHosts: boolean;
  /** Whether /sim serves the simulator (SIMULATOR, default: on in development only). */
  simulator: boolean;
  /** Reverse proxies whose X-Forwarded-For entries are believed (TRUSTED_PROXIES). */
  trustedProxies: TrustedProxy[];
  discoveryPorts: number[];
  /** Retention: days of request log, probe runs kept per provider+model. */
  retention: { requestLogDays: number; probeRunsKept: number; responsesDays: number };
  /** METRICS_TOKEN: the bearer token /metrics accepts (null: admin sessions only). */
  metricsToken: string | null;
  /** Provider settings to seed on first start, per kind, from the variables its `seedEnv` names. */
  seed: Partial<Record<ProviderKind, KindSeed>>;
};

/** One entry of TRUSTED_PROXIES: an address, or a range in CIDR notation. */
export type TrustedProxy = { address: string; prefix: number; family: "ipv4" | "ipv6" };

/** Parses TRUSTED_PROXIES ("10.0.0.1, 172.16.0.0/12, ::1"); null when an entry is not an address or range. */
export function parseTrustedProxies(value: string): TrustedProxy[] | null {
  const out: TrustedProxy[] = [];
  for (const entry of value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address = "", bits] = entry.split("/");
    const family = net.isIP(address);
    if (!family) return null;
    const max = family === 4 ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits);
    if (!/^\d+$/.test(bits ?? String(max)) || prefix > max) return null;
    out.push({ address, prefix, family: family === 4 ? "ipv4" : "ipv6" });
  }
  return out;
}

export class EnvError extends Error {
  override name = "EnvError";
}

function decodeSecret(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, "hex");
  // Strict base64 of exactly 32 bytes: 43 characters and one "=" (Node's decoder alone is lenient).
  if (!/^[A-Za-z0-9+/]{43}=$/.test(v)) return null;
  const bytes = Buffer.from(v, "base64");
  return bytes.length === 32 && bytes.toString("base64") === v ? bytes : null;
}

/** Reads `<dataDir>/secret`, or creates it (mode 600) with 32 random bytes on first start. */
function loadOrCreateSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, SECRET_FILE);
  try {
    const existing = decodeSecret(fs.readFileSync(file, "utf8"));
    if (!existing)
      throw new EnvError(
        `${file} does not hold a valid secret (64 hex characters); restore it or set SWITCHYARD_SECRET`,
      );
    return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32);
  // "wx": never overwrite a secret another process wrote in the meantime.
  try {
    fs.writeFileSync(file, `${secret.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return loadOrCreateSecret(dataDir);
    throw err;
  }
}

/** Validates `source` (process.env by default). Throws EnvError with one clear line. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const blanksRemoved = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const keyVariables = KIND_PRESETS.flatMap((k) => (k.seedEnv.apiKey ? [k.seedEnv.apiKey] : []));
    const secretish = ["SWITCHYARD_SECRET", "DATABASE_URL", "METRICS_TOKEN", ...keyVariables].includes(name);
    const shown = secretish ? "" : ` (got "${source[name]}")`;
    throw new EnvError(`Invalid ${name}${shown}: ${issue.message}.`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `file:${path.join(dataDir, "switchyard.db")}`;
  const appUrl = (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
  const secret = e.SWITCHYARD_SECRET ? decodeSecret(e.SWITCHYARD_SECRET)! : loadOrCreateSecret(dataDir);
  return {
    environment: e.ENVIRONMENT,
    dataDir,
    databaseUrl,
    port: e.PORT,
    appUrl,
    trustedOrigins: (e.TRUSTED_ORIGINS ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    secret,
    secretSource: e.SWITCHYARD_SECRET ? "env" : "file",
    allowMetadataHosts: e.ALLOW_METADATA_HOSTS === "1",
    simulator: e.SIMULATOR ? e.SIMULATOR === "on" : e.ENVIRONMENT === "development",
    trustedProxies: parseTrustedProxies(e.TRUSTED_PROXIES ?? "") ?? [],
    discoveryPorts: e.DISCOVERY_PORTS
      ? e.DISCOVERY_PORTS.split(",").map((p) => Number(p.trim()))
      : DEFAULT_DISCOVERY_PORTS,
    retention: {
      requestLogDays: e.REQUEST_LOG_RETENTION_DAYS,
      probeRunsKept: e.PROBE_RUNS_KEPT,
      responsesDays: e.RESPONSES_RETENTION_DAYS,
    },
    metricsToken: e.METRICS_TOKEN ?? null,
    seed: readSeeds(e as Record<string, unknown>),
  };
}

/** Per kind, the first of its URL variables that is set and its key variable (absent kinds: none set). */
function readSeeds(values: Record<string, unknown>): Env["seed"] {
  const text = (name: string | undefined): string | undefined => {
    const v = name === undefined ? undefined : values[name];
    return typeof v === "string" ? v : undefined;
  };
  const seeds: Env["seed"] = {};
  for (const { preset, seedEnv } of KIND_PRESETS) {
    const url = (seedEnv.url ?? []).map(text).find((v) => v !== undefined);
    const apiKey = text(seedEnv.apiKey);
    if (url !== undefined || apiKey !== undefined) {
      seeds[preset.kind] = { ...(url === undefined ? {} : { url }), ...(apiKey === undefined ? {} : { apiKey }) };
    }
  }
  return seeds;
}

/** The path of the generated secret file inside a data folder. */
export function secretFilePath(dataDir: string): string {
  return path.join(dataDir, SECRET_FILE);
}

let cached: Env | undefined;

/** The validated configuration of this process (read once). */
export function getEnv(): Env {
  cached ??= loadEnv();
  return cached;
}

/** The app's version (package.json), for /api/health and probe runs. */
export const APP_VERSION: string = pkg.version;
