"use client";

import { ENVIRONMENTS } from "@/lib/environments";
import { PROVIDER_KINDS } from "@/lib/providers/presets";
import type { MatrixQuery } from "@/lib/schemas/matrix";
import { labelClass, selectClass } from "@/app/_components/ui";

/** Environment, provider kind, "only problems" and sort controls. */
export function MatrixFilters({ query, onChange }: { query: MatrixQuery; onChange: (q: MatrixQuery) => void }) {
  return (
    <div role="group" aria-label="Filters" className="grid grid-cols-2 items-end gap-x-3 gap-y-2 sm:flex sm:flex-wrap">
      <label className={labelClass}>
        Environment
        <select
          className={`${selectClass} mt-1 block w-full sm:ml-1 sm:mt-0 sm:inline-block sm:w-auto`}
          value={query.environment ?? ""}
          onChange={(e) =>
            onChange({ ...query, environment: (e.target.value || undefined) as MatrixQuery["environment"] })
          }
        >
          <option value="">all</option>
          {ENVIRONMENTS.map((e) => (
            <option key={e}>{e}</option>
          ))}
        </select>
      </label>
      <label className={labelClass}>
        Provider kind
        <select
          className={`${selectClass} mt-1 block w-full sm:ml-1 sm:mt-0 sm:inline-block sm:w-auto`}
          value={query.kind ?? ""}
          onChange={(e) => onChange({ ...query, kind: (e.target.value || undefined) as MatrixQuery["kind"] })}
        >
          <option value="">all</option>
          {PROVIDER_KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </label>
      <label className={labelClass}>
        Sort by
        <select
          className={`${selectClass} mt-1 block w-full sm:ml-1 sm:mt-0 sm:inline-block sm:w-auto`}
          value={query.sort}
          onChange={(e) => onChange({ ...query, sort: e.target.value === "supported" ? "supported" : "name" })}
        >
          <option value="name">name</option>
          <option value="supported">supported features</option>
        </select>
      </label>
      <label className={`${labelClass} col-span-2 flex items-center gap-1.5 sm:pb-1`}>
        <input
          type="checkbox"
          checked={query.problems}
          onChange={(e) => onChange({ ...query, problems: e.target.checked })}
        />
        Only rows with problems
      </label>
    </div>
  );
}
