"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Environment } from "@/lib/environments";
import { apiFetch } from "./api-client";
import { keys } from "./query-keys";

export type EnvironmentDefaultView = {
  environment: Environment;
  providerId: string | null;
  providerName: string | null;
  model: string | null;
  active: boolean;
};

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
