import "server-only";
import type { Environment } from "@/lib/environments";
import { AppError } from "@/lib/errors";
import { baseUrlHints, type ProviderKind } from "@/lib/providers/presets";
import {
  type ProviderFields,
  type ProviderModelView,
  type ProviderView,
  type SavedProvider,
  nameKey,
} from "@/lib/schemas/providers";
import { invalidateProvider } from "../calls/providers";
import { invalidateVerdicts } from "../calls/verdicts";
import { invalidateGatewayConfig } from "../gateway/config";
import { decryptSecret, encryptSecret, secretHint } from "../secrets";
import { assertOutboundUrlAllowed } from "../upstream/url-policy";
import { presetApiKey } from "./presets";
import * as repo from "./repository";
import type { ProviderRow } from "./repository";
import { assertSecretsFollowTheirHost, mergeHeaders, storedHeaders } from "./stored-secrets";

/**
 * A provider with its secrets decrypted, for the upstream client only. Never returned by
 * a route handler, never logged.
 */
export type ResolvedProvider = Omit<ProviderView, "apiKey" | "headers"> & {
  apiKey: string | null;
  headers: Record<string, string>;
};

function toView(row: ProviderRow): ProviderView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ProviderKind,
    baseUrl: row.baseUrl,
    apiKey: { set: row.apiKeyCipher !== null, hint: row.apiKeyHint },
    headers: storedHeaders(row).map((h) => ({ name: h.name, set: true, hint: h.hint })),
    defaultModel: row.defaultModel,
    embeddingModel: row.embeddingModel,
    timeoutMs: row.timeoutMs,
    maxRetries: row.maxRetries,
    proxyUrl: row.proxyUrl,
    environments: (Array.isArray(row.environments) ? row.environments : []) as Environment[],
    concurrency: row.concurrency,
    enabled: row.enabled,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listProviders(): Promise<ProviderView[]> {
  return (await repo.listProviderRows()).map(toView);
}

async function getRowOrThrow(id: string): Promise<ProviderRow> {
  const row = await repo.findProviderRow(id);
  if (!row) throw new AppError("not_found", "No such provider: it may have been deleted.");
  return row;
}

export async function getProvider(id: string): Promise<ProviderView> {
  return toView(await getRowOrThrow(id));
}

/** The provider whose name is `name` ignoring case (see {@link nameKey}), other than `exceptId`. */
export async function findProviderNamed(
  name: string,
  exceptId?: string,
): Promise<{ id: string; name: string } | undefined> {
  const key = nameKey(name);
  return (await repo.listProviderNames()).find((p) => nameKey(p.name) === key && p.id !== exceptId);
}

/**
 * Names are unique ignoring case (after NFC normalisation, see `displayName`): "Team Ollama"
 * and "team ollama" would be two rows nobody can tell apart in a list. The database's unique
 * index covers exact duplicates, including two saves at the same instant.
 */
async function assertNameFree(name: string, exceptId?: string): Promise<void> {
  const taken = await findProviderNamed(name, exceptId);
  if (taken) {
    throw new AppError("conflict", `A provider named "${taken.name}" already exists; choose another name.`, [
      { path: "name", message: `is already used by another provider ("${taken.name}")` },
    ]);
  }
}

async function assertUrlsAllowed(fields: ProviderFields): Promise<void> {
  await assertOutboundUrlAllowed(fields.baseUrl, { field: "baseUrl" });
  if (fields.proxyUrl) await assertOutboundUrlAllowed(fields.proxyUrl, { field: "proxyUrl" });
}

function columns(fields: ProviderFields) {
  return {
    name: fields.name,
    kind: fields.kind,
    baseUrl: fields.baseUrl,
    defaultModel: fields.defaultModel,
    embeddingModel: fields.embeddingModel,
    timeoutMs: fields.timeoutMs,
    maxRetries: fields.maxRetries,
    proxyUrl: fields.proxyUrl,
    environments: fields.environments,
    concurrency: fields.concurrency,
    enabled: fields.enabled,
  };
}

export async function createProvider(fields: ProviderFields, createdById: string | null): Promise<SavedProvider> {
  await assertNameFree(fields.name);
  await assertUrlsAllowed(fields);
  // A blank key takes the preset's (OPENAI_API_KEY for OpenAI, "ollama" for Ollama…).
  const key = fields.clearApiKey ? null : fields.apiKey || presetApiKey(fields.kind) || null;
  const row = await repo.insertProviderRow({
    ...columns(fields),
    apiKeyCipher: key ? encryptSecret(key) : null,
    apiKeyHint: key ? secretHint(key) : null,
    headers: mergeHeaders(fields.headers, []),
    createdById,
  });
  invalidateGatewayConfig();
  return { provider: toView(row), hints: baseUrlHints(fields.kind, fields.baseUrl) };
}

/** 409 for an edit made from an old version; `details.reason` lets the form offer a reload. */
function stale(currentVersion: number): AppError {
  return new AppError(
    "conflict",
    "This provider was changed by someone else since you opened it. Reload to see their changes, then edit again.",
    { reason: "stale", currentVersion },
  );
}

/** Saves an edit made from `version`; 409 when someone saved in between. A blank key keeps the stored one. */
export async function updateProvider(id: string, fields: ProviderFields & { version: number }): Promise<SavedProvider> {
  const row = await getRowOrThrow(id);
  if (row.version !== fields.version) throw stale(row.version);
  await assertNameFree(fields.name, id);
  await assertUrlsAllowed(fields);
  assertSecretsFollowTheirHost(row, fields);
  const key = fields.clearApiKey ? null : fields.apiKey || undefined;
  const saved = await repo.updateProviderRowAtVersion(id, fields.version, {
    ...columns(fields),
    ...(key === undefined
      ? {}
      : { apiKeyCipher: key === null ? null : encryptSecret(key), apiKeyHint: key === null ? null : secretHint(key) }),
    headers: mergeHeaders(fields.headers, storedHeaders(row)),
  });
  if (!saved) throw stale((await getRowOrThrow(id)).version);
  invalidateProvider(id);
  invalidateGatewayConfig();
  return { provider: await getProvider(id), hints: baseUrlHints(fields.kind, fields.baseUrl) };
}

export async function setProviderEnabled(id: string, enabled: boolean, version: number): Promise<ProviderView> {
  await getRowOrThrow(id);
  if (!(await repo.updateProviderRowAtVersion(id, version, { enabled })))
    throw stale((await getRowOrThrow(id)).version);
  invalidateProvider(id);
  invalidateGatewayConfig();
  return getProvider(id);
}

/** A copy with every setting and secret, named "<name> (copy)", enabled only if the original is. */
export async function duplicateProvider(id: string, createdById: string | null): Promise<ProviderView> {
  const row = await getRowOrThrow(id);
  const names = new Set((await repo.listProviderNames()).map((p) => nameKey(p.name)));
  let name = `${row.name} (copy)`;
  for (let n = 2; names.has(nameKey(name)); n++) name = `${row.name} (copy ${n})`;
  const copy = await repo.insertProviderRow({
    name,
    kind: row.kind,
    baseUrl: row.baseUrl,
    apiKeyCipher: row.apiKeyCipher,
    apiKeyHint: row.apiKeyHint,
    defaultModel: row.defaultModel,
    embeddingModel: row.embeddingModel,
    timeoutMs: row.timeoutMs,
    maxRetries: row.maxRetries,
    headers: storedHeaders(row),
    proxyUrl: row.proxyUrl,
    environments: Array.isArray(row.environments) ? row.environments : [],
    concurrency: row.concurrency,
    enabled: row.enabled,
    createdById,
  });
  invalidateGatewayConfig();
  return toView(copy);
}

export async function deleteProvider(id: string): Promise<void> {
  await getRowOrThrow(id);
  await repo.deleteProviderRow(id);
  invalidateProvider(id);
  invalidateVerdicts(id);
  invalidateGatewayConfig();
}

/**
 * Settings from the provider form that are not saved yet, with their secrets, for "Test
 * connection" before saving. The same rules as saving: the URL policy; a blank key takes the
 * stored one (an existing provider) or the preset's (a new one); a blank header value takes the
 * stored one; and stored secrets never follow the base URL to another host, so testing cannot
 * send them anywhere saving would not. Server-only; never serialise it.
 */
export async function resolveUnsavedProvider(
  fields: ProviderFields,
  existingId?: string,
): Promise<
  Pick<
    ResolvedProvider,
    | "kind"
    | "baseUrl"
    | "apiKey"
    | "headers"
    | "timeoutMs"
    | "maxRetries"
    | "proxyUrl"
    | "defaultModel"
    | "embeddingModel"
  >
> {
  await assertUrlsAllowed(fields);
  const row = existingId ? await getRowOrThrow(existingId) : null;
  if (row) assertSecretsFollowTheirHost(row, fields);
  const stored = row?.apiKeyCipher ? decryptSecret(row.apiKeyCipher) : null;
  const apiKey = fields.clearApiKey ? null : fields.apiKey || (row ? stored : presetApiKey(fields.kind)) || null;
  const headers = Object.fromEntries(
    mergeHeaders(fields.headers, row ? storedHeaders(row) : []).map((h) => [h.name, decryptSecret(h.valueCipher)]),
  );
  return {
    kind: fields.kind,
    baseUrl: fields.baseUrl,
    apiKey,
    headers,
    timeoutMs: fields.timeoutMs,
    maxRetries: fields.maxRetries,
    proxyUrl: fields.proxyUrl,
    // Checked against the server's list, as for a saved provider (a preset's name it does not serve).
    defaultModel: fields.defaultModel,
    embeddingModel: fields.embeddingModel,
  };
}

/** The provider with its secrets, for the upstream client. Server-only; never serialise it. */
export async function resolveProvider(id: string): Promise<ResolvedProvider> {
  const row = await getRowOrThrow(id);
  const { apiKey: _apiKey, headers: _headers, ...view } = toView(row);
  return {
    ...view,
    apiKey: row.apiKeyCipher ? decryptSecret(row.apiKeyCipher) : null,
    headers: Object.fromEntries(storedHeaders(row).map((h) => [h.name, decryptSecret(h.valueCipher)])),
  };
}

export async function listProviderModels(id: string): Promise<ProviderModelView[]> {
  await getRowOrThrow(id);
  return (await repo.listProviderModelRows(id)).map((m) => ({
    modelId: m.modelId,
    type: m.type as ProviderModelView["type"],
    declared: Array.isArray(m.declared) ? (m.declared as string[]) : null,
    source: m.source,
  }));
}
