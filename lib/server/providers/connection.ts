import "server-only";
import {
  type ConnectionTestResult,
  type DiscoveredServer,
  type ProviderFields,
  type ProviderModelView,
  normaliseUrl,
} from "@/lib/schemas/providers";
import { testConnection } from "../upstream/connection-test";
import { scanLocalServers } from "../upstream/discovery";
import { UpstreamError, toProviderAppError } from "../upstream/errors";
import { fetchModels } from "../upstream/models";
import * as repo from "./repository";
import { listProviderModels, listProviders, resolveProvider, resolveUnsavedProvider } from "./service";

/**
 * Provider operations that talk to the provider itself: the connection test, refreshing the
 * model list, and discovery.
 */

/** Tests a stored provider (see `testConnection` for the outcomes). Never includes secrets. */
export async function testProviderConnection(id: string): Promise<ConnectionTestResult> {
  return testConnection(await resolveProvider(id));
}

/**
 * Tests the provider form's settings before they are saved (see `resolveUnsavedProvider` for
 * which secrets it may use). `existingId`: the provider being edited, if any.
 */
export async function testUnsavedConnection(
  fields: ProviderFields,
  existingId?: string,
): Promise<ConnectionTestResult> {
  return testConnection(await resolveUnsavedProvider(fields, existingId));
}

/**
 * Reads the provider's models and declared capabilities from the server, replaces the stored
 * list, and returns it. A server that cannot be read is a `provider_error` (502) with the
 * server's own status and message; the stored list is then left as it was.
 */
export async function refreshProviderModels(id: string): Promise<ProviderModelView[]> {
  const provider = await resolveProvider(id);
  try {
    const { models } = await fetchModels(provider);
    await repo.replaceProviderModels(id, models);
  } catch (err) {
    if (err instanceof UpstreamError) {
      const failure = {
        kind: err.kind,
        message: err.message,
        ...(err.status === undefined ? {} : { status: err.status }),
      };
      throw toProviderAppError(failure, `Could not read the models of ${provider.name}`);
    }
    throw err;
  }
  return listProviderModels(id);
}

/** `localhost`, `127.0.0.1` and `[::1]` are the same machine for "already added". */
function sameServerKey(baseUrl: string): string {
  return normaliseUrl(baseUrl).replace(/^(https?:\/\/)(127\.0\.0\.1|\[::1\])(?=[:/]|$)/, "$1localhost");
}

/** "Scan for local servers" on the configured ports, each result marked `alreadyAdded`. */
export async function discoverLocalServers(): Promise<DiscoveredServer[]> {
  const [found, providers] = await Promise.all([scanLocalServers(), listProviders()]);
  const known = new Set(providers.map((p) => sameServerKey(p.baseUrl)));
  return found.map((s) => ({ ...s, alreadyAdded: known.has(sameServerKey(s.baseUrl)) }));
}
