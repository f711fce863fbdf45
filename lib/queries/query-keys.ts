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
};
