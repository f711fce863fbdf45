import type { ProviderView } from "@/lib/schemas/providers";
import { keyStatus } from "./key-status";

/** Read-only settings for members and viewers: secrets only as set / not set. */
export function ProviderSummary({ provider: p }: { provider: ProviderView }) {
  const rows: [string, string][] = [
    ["Base URL", p.baseUrl],
    ["API key", keyStatus(p.apiKey)],
    ["Default chat model", p.defaultModel ?? "—"],
    ["Embedding model", p.embeddingModel ?? "—"],
    ["Timeout", `${p.timeoutMs} ms`],
    ["Max retries", String(p.maxRetries)],
    ["Concurrency", String(p.concurrency)],
    ["Proxy", p.proxyUrl ?? "none"],
    ["Environments", p.environments.join(", ")],
    ["Extra headers", p.headers.length ? p.headers.map((h) => `${h.name} (set)`).join(", ") : "none"],
    ["Enabled", p.enabled ? "yes" : "no"],
  ];
  return (
    <>
      <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-zinc-500">{k}</dt>
            <dd className="break-all">{v}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">Only admins change provider settings.</p>
    </>
  );
}
