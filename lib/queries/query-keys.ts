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
    list: (limit: number, sessionId?: string) => [...keys.requestLogs.all, "list", limit, sessionId ?? null] as const,
  },
};
