"use client";

import { Radar } from "lucide-react";
import Link from "next/link";
import { toast } from "sonner";
import { secondaryButtonClass } from "@/app/_components/ui";
import { PRESETS } from "@/lib/providers/presets";
import { useDiscoveryScan } from "@/lib/queries/providers";

/**
 * The page's actions (`children`) with "Scan for local servers" beside them, and what the
 * scan found under them, each with a way to add it.
 */
export function ScanPanel({
  canScan,
  canAdd,
  children,
}: {
  canScan: boolean;
  canAdd: boolean;
  children?: React.ReactNode;
}) {
  const scan = useDiscoveryScan();
  function run() {
    scan.mutate(undefined, {
      onError: (err) => toast.error(err.message),
    });
  }
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {children}
        {canScan ? (
          <button type="button" className={secondaryButtonClass} onClick={run} disabled={scan.isPending}>
            <Radar aria-hidden="true" size={16} />
            {scan.isPending ? "Scanning…" : "Scan for local servers"}
          </button>
        ) : null}
      </div>
      <div role="status">
        {scan.data ? (
          <section
            aria-labelledby="scan-heading"
            className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
          >
            <h2 id="scan-heading" className="text-sm font-semibold">
              Local servers
            </h2>
            {scan.data.length === 0 ? (
              <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
                No OpenAI-compatible server answered on the usual local ports.
              </p>
            ) : (
              <ul aria-label="Servers found" className="mt-2 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
                {scan.data.map((s) => (
                  <li key={s.baseUrl} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                    <span className="font-medium">
                      {s.identified === false ? "Unidentified server" : PRESETS[s.kind].label}
                    </span>
                    <span className="min-w-0 truncate font-mono text-xs">{s.baseUrl}</span>
                    {s.identified === false ? <span className="text-zinc-500">{s.identifiedBy}</span> : null}
                    {s.version ? <span className="text-zinc-500">version {s.version}</span> : null}
                    {s.modelCount !== undefined ? <span className="text-zinc-500">{s.modelCount} models</span> : null}
                    <span className="ml-auto">
                      {s.alreadyAdded ? (
                        <span className="text-zinc-500">already added</span>
                      ) : canAdd ? (
                        <Link
                          className={`${secondaryButtonClass} px-2.5 py-1`}
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
            )}
          </section>
        ) : null}
      </div>
    </div>
  );
}
