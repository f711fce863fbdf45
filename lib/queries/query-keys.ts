/** Every React Query key comes from here, so invalidation and reads agree. */
export const keys = {
  me: ["me"] as const,
  users: {
    all: ["users"] as const,
    list: () => [...keys.users.all, "list"] as const,
  },
};
