import type { ProviderView } from "@/lib/schemas/providers";

/**
 * "set · sk-…Ab3f", "set" (a short key, whose only hint would be its length) or "not set".
 * Never wraps.
 */
export function keyStatus(key: ProviderView["apiKey"]): string {
  if (!key.set) return "not set";
  return key.hint?.includes("…") ? `set · ${key.hint}` : "set";
}

export function KeyStatus({ apiKey }: { apiKey: ProviderView["apiKey"] }) {
  return (
    <span className={`whitespace-nowrap font-mono text-xs ${apiKey.set ? "" : "text-zinc-500"}`}>
      {keyStatus(apiKey)}
    </span>
  );
}
