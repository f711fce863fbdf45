"use client";

import { ENVIRONMENTS } from "@/lib/environments";
import { PROVIDER_KINDS } from "@/lib/providers/presets";
import type { MatrixQuery } from "@/lib/schemas/matrix";
import { labelClass, selectClass } from "@/app/_components/ui";

/** Environment, provider kind, "only problems" and sort controls. */
export function MatrixFilters({ query, onChange }: { query: MatrixQuery; onChange: (q: MatrixQuery) => void }) {
  return (
    <div role="group" aria-label="Filters" className="flex flex-wrap items-end gap-3">
      <label className={labelClass}>
        Environment{" "}
        <select
          className={selectClass}
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
        Provider kind{" "}
        <select
          className={selectClass}
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
        Sort by{" "}
        <select
          className={selectClass}
          value={query.sort}
          onChange={(e) => onChange({ ...query, sort: e.target.value === "supported" ? "supported" : "name" })}
        >
          <option value="name">name</option>
          <option value="supported">supported features</option>
        </select>
      </label>
      <label className={`${labelClass} flex items-center gap-1.5`}>
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
