"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Environment } from "@/lib/environments";
import type { EnvironmentDefaultView } from "@/lib/schemas/providers";
import { apiFetch } from "./api-client";
import { keys } from "./query-keys";

// Re-exported next to the hooks that return it; the one definition lives in lib/schemas.
export type { EnvironmentDefaultView } from "@/lib/schemas/providers";

export function useEnvironments(initialData?: EnvironmentDefaultView[]) {
  return useQuery({
    queryKey: keys.environments,
    queryFn: async () => (await apiFetch<{ environments: EnvironmentDefaultView[] }>("/api/environments")).environments,
    initialData,
  });
}

export function useSaveEnvironments() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (defaults: { environment: Environment; providerId: string | null; model: string | null }[]) =>
      (
        await apiFetch<{ environments: EnvironmentDefaultView[] }>("/api/environments", {
          method: "PUT",
          body: { defaults },
        })
      ).environments,
    onSuccess: (environments) => qc.setQueryData(keys.environments, environments),
  });
}
