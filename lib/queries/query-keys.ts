/** Every React Query key comes from here, so invalidation and reads agree. */
export const keys = {
  users: {
    all: ["users"] as const,
    list: () => [...keys.users.all, "list"] as const,
  },
  providers: {
    all: ["providers"] as const,
    list: () => [...keys.providers.all, "list"] as const,
    models: (id: string) => [...keys.providers.all, "models", id] as const,
  },
  environments: ["environments"] as const,
  matrix: {
    all: ["matrix"] as const,
    view: () => [...keys.matrix.all, "view"] as const,
    history: (providerId: string, model: string, limit: number) =>
      [...keys.matrix.all, "history", providerId, model, limit] as const,
    feature: (providerId: string, model: string, feature: string) =>
      [...keys.matrix.all, "feature", providerId, model, feature] as const,
  },
  runs: {
    all: ["runs"] as const,
    detail: (id: string) => [...keys.runs.all, "detail", id] as const,
  },
  playground: {
    all: ["playground"] as const,
    targets: () => [...keys.playground.all, "targets"] as const,
    sessions: () => [...keys.playground.all, "sessions"] as const,
  },
  requestLogs: {
    all: ["request-logs"] as const,
    list: (params: string) => [...keys.requestLogs.all, "list", params] as const,
  },
  gateway: {
    all: ["gateway"] as const,
    routes: () => [...keys.gateway.all, "routes"] as const,
    routeStatus: () => [...keys.gateway.all, "route-status"] as const,
    keys: () => [...keys.gateway.all, "keys"] as const,
    usage: (params: string) => [...keys.gateway.all, "usage", params] as const,
    readiness: (params: string) => [...keys.gateway.all, "readiness", params] as const,
  },
};
