"use client";

import { toast } from "sonner";
import { TableHead, plainTableHeadClass } from "@/app/_components/table";
import { secondaryButtonClass } from "@/app/_components/ui";
import { useProviderModels, useRefreshModels } from "@/lib/queries/providers";

/** The models a provider serves and what the server itself declares they can do. */
export function ModelsPanel({ providerId, canRefresh }: { providerId: string; canRefresh: boolean }) {
  const models = useProviderModels(providerId);
  const refresh = useRefreshModels(providerId);
  function run() {
    refresh.mutate(undefined, {
      onSuccess: (list) => toast.success(`The server lists ${list.length} model${list.length === 1 ? "" : "s"}.`),
      onError: (err) => toast.error(err.message),
    });
  }
  const list = models.data ?? [];
  return (
    <section aria-labelledby="models-heading" className="rounded-lg border border-zinc-200 p-5 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="models-heading" className="text-base font-semibold">
          Models
        </h2>
        {canRefresh ? (
          <button type="button" className={secondaryButtonClass} onClick={run} disabled={refresh.isPending}>
            {refresh.isPending ? "Asking the server…" : "Refresh models"}
          </button>
        ) : null}
      </div>
      {models.isPending ? <p className="mt-3 text-sm text-zinc-500">Loading…</p> : null}
      {models.isError ? (
        <p role="alert" className="mt-3 text-sm text-red-600">
          {models.error.message}
        </p>
      ) : null}
      {models.isSuccess && list.length === 0 ? (
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
          No models listed yet.{canRefresh ? " Refresh to ask the server which models it serves." : ""}
        </p>
      ) : null}
      {list.length > 0 ? (
        <table className="mt-3 w-full text-left text-sm">
          <caption className="sr-only">Models and declared capabilities</caption>
          <TableHead
            columns={[
              "Model",
              "Type",
              "Declared capabilities",
              { key: "source", label: "Declared by", className: "py-2" },
            ]}
            className={plainTableHeadClass}
            cellClassName="py-2 pr-4"
          />
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {list.map((m) => (
              <tr key={m.modelId}>
                <td className="py-2 pr-4 font-mono text-xs">{m.modelId}</td>
                <td className="py-2 pr-4">{m.type}</td>
                <td className="py-2 pr-4">
                  {m.declared === null ? (
                    <span className="text-zinc-500">not declared by the server</span>
                  ) : (
                    <ul className="flex flex-wrap gap-1" aria-label={`Capabilities of ${m.modelId}`}>
                      {m.declared.map((c) => (
                        <li key={c} className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">
                          {c}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className="py-2 text-xs text-zinc-500">{m.source ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
