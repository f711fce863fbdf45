import { z } from "zod";
import { ENVIRONMENTS, type Environment } from "@/lib/environments";
import { PROVIDER_KINDS, type ProviderKind } from "@/lib/providers/presets";
import { displayName } from "./display-name";

export { displayName, nameKey } from "./display-name";

/**
 * Provider input, shared by the form and the route handlers. Messages follow the field
 * name ("baseUrl must use http or https") so the API and the form say the same thing.
 */

/** HTTP header names are RFC 9110 tokens. */
const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * Headers Switchyard sets itself, or that belong to the connection rather than to the
 * request (HTTP clients refuse them: saving one would make every call fail later).
 */
const RESERVED_HEADERS: Record<string, string> = {
  authorization: "is set from the API key; put the key in the API key field",
  "content-type": "is set by Switchyard for each request",
  host: "is set from the base URL",
  "content-length": "is set by Switchyard for each request",
  "transfer-encoding": "belongs to the connection, not the request; it cannot be set",
  connection: "belongs to the connection, not the request; it cannot be set",
  "keep-alive": "belongs to the connection, not the request; it cannot be set",
  upgrade: "belongs to the connection, not the request; it cannot be set",
  te: "belongs to the connection, not the request; it cannot be set",
  trailer: "belongs to the connection, not the request; it cannot be set",
  expect: "cannot be set: Switchyard's HTTP client does not send it",
  "proxy-connection": "belongs to the connection, not the request; it cannot be set",
  "proxy-authorization": "would go to the provider, not to the proxy; proxies that need credentials are not supported",
};

function httpUrl(field: string) {
  return z
    .string()
    .trim()
    .min(1, "is required")
    .max(2048, "must be at most 2048 characters")
    .superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: "custom", message: `must be a full URL such as http://localhost:11434/v1` });
        return;
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        ctx.addIssue({ code: "custom", message: `must use http or https, not ${url.protocol.replace(":", "")}` });
      }
      if (url.username || url.password) {
        ctx.addIssue({
          code: "custom",
          message:
            field === "baseUrl"
              ? "must not contain credentials; put the key in the API key field"
              : "must not contain credentials",
        });
      }
      if (url.search || url.hash) ctx.addIssue({ code: "custom", message: "must not contain a query or fragment" });
    })
    .transform(normaliseUrl);
}

/** Lower-case scheme and host, no trailing slash: `http://LocalHost:11434/v1/` → `http://localhost:11434/v1`. */
export function normaliseUrl(value: string): string {
  try {
    const url = new URL(value.trim());
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return value.trim();
  }
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

export const headerInputSchema = z
  .object({
    name: z.string().trim().min(1, "is required").max(100).regex(HEADER_TOKEN, "must be a valid HTTP header name"),
    /** Omitted on update: keep the stored value. */
    value: z
      .string()
      .max(4096, "must be at most 4096 characters")
      .regex(/^[^\r\n\0]*$/, "must not contain line breaks or NUL characters")
      .regex(
        /^[\t\x20-\x7e\x80-\xff]*$/,
        "must hold only printable Latin-1 characters (HTTP header values cannot carry others)",
      )
      .optional(),
  })
  .superRefine((h, ctx) => {
    const reason = RESERVED_HEADERS[h.name.toLowerCase()];
    if (reason) ctx.addIssue({ code: "custom", path: ["name"], message: `${h.name} ${reason}` });
  });

export const providerFieldsSchema = z.object({
  name: displayName(80),
  kind: z.enum(PROVIDER_KINDS, { error: `must be one of ${PROVIDER_KINDS.join(", ")}` }),
  baseUrl: httpUrl("baseUrl"),
  /** Omitted: keep the stored key (updates) / none (creates). */
  apiKey: z.string().trim().max(4096, "must be at most 4096 characters").optional(),
  /** Explicitly remove the stored key. */
  clearApiKey: z.boolean().optional(),
  defaultModel: optionalText(200),
  embeddingModel: optionalText(200),
  timeoutMs: z
    .number({ error: "must be a number of milliseconds" })
    .min(1000, "must be at least 1000 ms (1 second)")
    .max(600_000, "must be at most 600000 ms (10 minutes)")
    .int("must be a whole number of milliseconds"),
  maxRetries: z
    .number({ error: "must be a number" })
    .min(0, "must be 0 or more")
    .max(10, "must be at most 10")
    .int("must be a whole number"),
  headers: z
    .array(headerInputSchema)
    .max(20, "may hold at most 20 headers")
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((h, i) => {
        const key = h.name.toLowerCase();
        if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `${h.name} is listed twice` });
        seen.add(key);
      });
    })
    .default([]),
  /** Optional HTTP(S) proxy for this provider's requests; blank = none. */
  proxyUrl: z
    .preprocess((v) => (v === "" ? null : v), httpUrl("proxyUrl").nullable())
    .optional()
    .transform((v) => v ?? null),
  environments: z
    .array(z.enum(ENVIRONMENTS, { error: `must be among ${ENVIRONMENTS.join(", ")}` }))
    .min(1, "must include at least one environment")
    .transform((list) => ENVIRONMENTS.filter((e) => list.includes(e))),
  concurrency: z
    .number({ error: "must be a number" })
    .min(1, "must be at least 1")
    .max(64, "must be at most 64")
    .int("must be a whole number"),
  enabled: z.boolean().default(true),
});

export const createProviderBodySchema = providerFieldsSchema;
export type CreateProviderBody = z.input<typeof createProviderBodySchema>;
export type ProviderFields = z.output<typeof providerFieldsSchema>;

export const updateProviderBodySchema = providerFieldsSchema.extend({
  /** The version the editor started from; a stale one gets 409. */
  version: z.number().int().min(1),
});
export type UpdateProviderBody = z.input<typeof updateProviderBodySchema>;

/**
 * `POST /api/providers/connection-test`: the form's settings, tested before saving;
 * `providerId` names the provider being edited (its stored key is used when the key is blank).
 */
export const connectionTestBodySchema = providerFieldsSchema.extend({
  providerId: z.string().min(1).max(100).optional(),
});
export type ConnectionTestBody = z.input<typeof connectionTestBodySchema>;

export const patchProviderBodySchema = z.object({ enabled: z.boolean(), version: z.number().int().min(1) });

/** What the API returns for a provider: secrets only as set/unset and a masked hint. */
export type ProviderView = {
  id: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  apiKey: { set: boolean; hint: string | null };
  headers: { name: string; set: boolean; hint: string | null }[];
  defaultModel: string | null;
  embeddingModel: string | null;
  timeoutMs: number;
  maxRetries: number;
  proxyUrl: string | null;
  environments: (typeof ENVIRONMENTS)[number][];
  concurrency: number;
  enabled: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type ProviderModelView = {
  modelId: string;
  type: "chat" | "embedding" | "unknown";
  declared: string[] | null;
  source: string | null;
};

/** What creating or updating a provider returns: the safe view plus warnings about the base URL. */
export type SavedProvider = { provider: ProviderView; hints: string[] };

/** The outcome of "Test connection". */
export type ConnectionOutcome =
  "reachable" | "auth_failed" | "not_compatible" | "timeout" | "refused" | "tls_error" | "dns_error" | "error";

/** The answer of "Test connection" (`testConnection` on the server). */
export type ConnectionTestResult = {
  outcome: ConnectionOutcome;
  /** One sentence for a person, without secrets or stack traces. */
  message: string;
  /** Time until the model list was read (or the failure happened). */
  latencyMs: number;
  /** Models in the list (reachable only). */
  modelCount?: number;
  /** The HTTP status the server answered with, when it answered. */
  status?: number;
  /** From the server's own version endpoint, where the kind has one. */
  serverVersion?: string;
  /**
   * Whether the provider's default and embedding models are served (reachable only), with
   * the closest listed models to offer when one is not.
   */
  modelChecks?: { field: "defaultModel" | "embeddingModel"; model: string; served: boolean; closest: string[] }[];
};

/** A server found by a scan for local servers. */
export type FoundServer = {
  /** The OpenAI base URL, with `/v1`. */
  baseUrl: string;
  kind: ProviderKind;
  version?: string;
  modelCount?: number;
  /** The request that identified the kind, e.g. `GET /api/version` (or "answering, not identified yet"). */
  identifiedBy: string;
  /**
   * `false`: the server answered its port but had not answered every identifying read when the
   * scan's time was up (a busy machine); `kind` is then `custom`, a guess the form lets you change.
   */
  identified?: false;
};

/** A found server as the API returns it, marked when a provider with that base URL already exists. */
export type DiscoveredServer = FoundServer & { alreadyAdded: boolean };

/** Per environment, the default provider and model. */
export type EnvironmentDefaultView = {
  environment: Environment;
  providerId: string | null;
  providerName: string | null;
  model: string | null;
  /** The environment this instance serves (ENVIRONMENT). */
  active: boolean;
};

export const environmentDefaultsBodySchema = z.object({
  defaults: z
    .array(
      z.object({
        environment: z.enum(ENVIRONMENTS),
        providerId: z.string().min(1).nullable(),
        model: optionalText(200),
      }),
    )
    .max(ENVIRONMENTS.length),
});

export function isProviderKind(value: string): value is ProviderKind {
  return (PROVIDER_KINDS as readonly string[]).includes(value);
}
