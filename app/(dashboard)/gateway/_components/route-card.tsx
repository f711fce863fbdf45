"use client";

import { dangerButtonClass, secondaryButtonClass } from "@/app/_components/ui";
import type { RouteView } from "@/lib/schemas/gateway";
import type { RouteStatusView } from "@/lib/schemas/usage";
import { CircuitBadge, UsedVerdicts } from "./target-status";

/**
 * A route as read: its name (with Edit and a Delete asked twice, for admins) and its
 * targets in order, each with its circuit and the verdicts of the features its traffic used.
 */
export function RouteCard({
  route,
  status,
  isAdmin,
  confirmingDelete,
  onEdit,
  onAskDelete,
  onDelete,
  onKeep,
}: {
  route: RouteView;
  /** The route's live status (absent until read). */
  status: RouteStatusView | undefined;
  isAdmin: boolean;
  confirmingDelete: boolean;
  onEdit: () => void;
  onAskDelete: () => void;
  onDelete: () => void;
  onKeep: () => void;
}) {
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-mono text-base font-semibold">{route.name}</h2>
        {isAdmin ? (
          <div className="flex gap-2">
            <button type="button" className={secondaryButtonClass} onClick={onEdit}>
              Edit {route.name}
            </button>
            {confirmingDelete ? (
              <>
                <button type="button" className={dangerButtonClass} onClick={onDelete}>
                  Yes, delete {route.name}
                </button>
                <button type="button" className={secondaryButtonClass} onClick={onKeep}>
                  Keep it
                </button>
              </>
            ) : (
              <button type="button" className={dangerButtonClass} onClick={onAskDelete}>
                Delete
              </button>
            )}
          </div>
        ) : null}
      </div>
      <RouteTargets route={route} status={status} />
    </>
  );
}

/** The targets in the order they are tried, each with its status. */
function RouteTargets({ route, status: s }: { route: RouteView; status: RouteStatusView | undefined }) {
  return (
    <ol className="mt-3 space-y-3">
      {route.targets.map((t, i) => {
        const ts = s?.targets.find((x) => x.providerId === t.providerId && x.model === t.model);
        return (
          <li key={`${t.providerId}/${t.model}`} data-testid="route-target" className="space-y-1">
            <p className="text-sm">
              <span className="text-zinc-500">{i + 1}.</span>{" "}
              <span className="font-medium">{t.providerName ?? "a deleted provider"}</span>
              <span className="text-zinc-500"> / </span>
              <span className="font-mono">{t.model}</span>
            </p>
            <div className="flex flex-wrap items-center gap-2 pl-5">
              <CircuitBadge circuit={ts?.circuit} />
              {s ? <UsedVerdicts used={s.used} verdicts={ts?.verdicts} /> : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
