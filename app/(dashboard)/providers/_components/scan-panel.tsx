"use client";

import Link from "next/link";
import { toast } from "sonner";
import { secondaryButtonClass } from "@/app/_components/ui";
import { PRESETS } from "@/lib/providers/presets";
import { useDiscoveryScan } from "@/lib/queries/providers";

/** "Scan for local servers": what answers on this machine's usual ports, with a way to add it. */
export function ScanPanel({ canAdd }: { canAdd: boolean }) {
  const scan = useDiscoveryScan();
  function run() {
    scan.mutate(undefined, {
      onError: (err) => toast.error(err.message),
    });
  }
  return (
    <section aria-labelledby="scan-heading" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="scan-heading" className="text-sm font-semibold">
          Local servers
        </h2>
        <button type="button" className={secondaryButtonClass} onClick={run} disabled={scan.isPending}>
          {scan.isPending ? "Scanning…" : "Scan for local servers"}
        </button>
      </div>
      <div role="status">
        {scan.data ? (
          scan.data.length === 0 ? (
            <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
              No OpenAI-compatible server answered on the usual local ports.
            </p>
          ) : (
            <ul aria-label="Servers found" className="mt-3 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
              {scan.data.map((s) => (
                <li key={s.baseUrl} className="flex flex-wrap items-center gap-3 py-2">
                  <span className="font-medium">{PRESETS[s.kind].label}</span>
                  <span className="font-mono text-xs">{s.baseUrl}</span>
                  {s.version ? <span className="text-zinc-500">version {s.version}</span> : null}
                  {s.modelCount !== undefined ? <span className="text-zinc-500">{s.modelCount} models</span> : null}
                  <span className="ml-auto">
                    {s.alreadyAdded ? (
                      <span className="text-zinc-500">already added</span>
                    ) : canAdd ? (
                      <Link
                        className={secondaryButtonClass}
                        href={`/providers/new?kind=${s.kind}&baseUrl=${encodeURIComponent(s.baseUrl)}`}
                      >
                        Add
                        <span className="sr-only">
                          {" "}
                          {PRESETS[s.kind].label} at {s.baseUrl}
                        </span>
                      </Link>
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </div>
    </section>
  );
}
