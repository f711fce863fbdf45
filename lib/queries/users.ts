"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Role } from "@/lib/auth/roles";
import type { CreateUserBody, UserSummary } from "@/lib/schemas/users";
import { apiFetch } from "./api-client";
import { keys } from "./query-keys";

export function useUsers(initialData?: UserSummary[]) {
  return useQuery({
    queryKey: keys.users.list(),
    queryFn: async () => (await apiFetch<{ users: UserSummary[] }>("/api/users")).users,
    initialData,
  });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateUserBody) =>
      (await apiFetch<{ user: UserSummary }>("/api/users", { method: "POST", body })).user,
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.users.all }),
  });
}

export function useSetUserRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, role }: { id: string; role: Role }) =>
      (
        await apiFetch<{ user: UserSummary }>(`/api/users/${encodeURIComponent(id)}`, {
          method: "PATCH",
          body: { role },
        })
      ).user,
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.users.all }),
  });
}

export function useDeleteUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<null>(`/api/users/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.users.all }),
  });
}
