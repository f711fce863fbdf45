import "server-only";
import type { CircuitView, RouteStatusView } from "@/lib/schemas/usage";
import { breakerState } from "../calls/breaker";
import { latestVerdicts } from "../calls/verdicts";
import { listRoutes } from "../gateway/routes";
import { DAY } from "./cache";
import { featureOfWord } from "./readiness";
import { featuresByRoute } from "./traffic";

/** How far back the Routes page looks for the features a route's traffic used. */
export const ROUTE_TRAFFIC_DAYS = 7;

function circuitOf(providerId: string, model: string): CircuitView {
  const b = breakerState(providerId, model);
  if (b.state === "open") return { state: "open", until: new Date(b.until).toISOString(), lastReason: b.lastReason };
  return b;
}

/**
 * Every route's state beside its targets: the features its traffic used in the last 7 days
 * (by route name, in any environment), each target's latest verdict of those, and its circuit
 * as this instance's breaker sees it (breakers are per instance, shared by the gateway and
 * the playground through calls/state.ts).
 */
export async function listRouteStatus(now = Date.now()): Promise<RouteStatusView[]> {
  const [routes, byRoute] = await Promise.all([listRoutes(), featuresByRoute(now - ROUTE_TRAFFIC_DAYS * DAY, now)]);
  return Promise.all(
    routes.map(async (route) => {
      const used = [...(byRoute.get(route.name) ?? new Map<string, number>()).entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([word, requests]) => ({ used: word, feature: featureOfWord(word), requests }));
      const targets = await Promise.all(
        route.targets.map(async (t) => {
          const verdicts = await latestVerdicts(t.providerId, t.model);
          const out: RouteStatusView["targets"][number]["verdicts"] = {};
          for (const u of used) {
            const v = verdicts.get(u.feature);
            if (v) out[u.feature] = { verdict: v.verdict, reason: v.reason, at: v.at };
          }
          return { providerId: t.providerId, model: t.model, circuit: circuitOf(t.providerId, t.model), verdicts: out };
        }),
      );
      return { routeId: route.id, used, targets };
    }),
  );
}
