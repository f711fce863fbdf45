/**
 * The provider form's fields in words, for messages that name them: the server speaks in
 * field paths (`baseUrl`, `headers.0.value`), people read "Base URL" and "Header 1 value".
 * Isomorphic and zod-free.
 */
export const PROVIDER_FIELD_LABELS: Record<string, string> = {
  name: "Name",
  kind: "Kind",
  baseUrl: "Base URL",
  apiKey: "API key",
  defaultModel: "Default chat model",
  embeddingModel: "Embedding model",
  timeoutMs: "Timeout (ms)",
  maxRetries: "Max retries",
  concurrency: "Concurrency",
  proxyUrl: "HTTP proxy URL",
  environments: "Environments",
  headers: "Extra headers",
  enabled: "Enabled",
};

/** "Base URL", "Header 2 value" — the label of a field path. */
export function providerFieldLabel(path: string): string {
  const header = /^headers\.(\d+)\.(name|value)$/.exec(path);
  if (header) return `Header ${Number(header[1]) + 1} ${header[2]}`;
  return PROVIDER_FIELD_LABELS[path] ?? path;
}

/**
 * The banner over the form when the server refused some fields: which ones, in words. Each
 * field shows its own message next to it, so the banner does not repeat them; with no field
 * named, the server's own sentence is the message.
 */
export function formErrorBanner(
  what: "saved" | "tested",
  serverMessage: string,
  fieldErrors: Record<string, string>,
): string {
  const labels = [...new Set(Object.keys(fieldErrors).map(providerFieldLabel))];
  if (labels.length === 0) return serverMessage;
  const list = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
  return `Not ${what}: check ${list} (see ${labels.length === 1 ? "the message by the field" : "the messages by the fields"}).`;
}
