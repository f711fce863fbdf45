"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  ConnectionTestBody,
  ConnectionTestResult,
  CreateProviderBody,
  DiscoveredServer,
  ProviderModelView,
  ProviderView,
  SavedProvider,
  UpdateProviderBody,
} from "@/lib/schemas/providers";
import { apiFetch } from "./api-client";
import { keys } from "./query-keys";

// Re-exported next to the hooks that return them; the one definition lives in lib/schemas.
export type { ConnectionTestResult, DiscoveredServer, SavedProvider } from "@/lib/schemas/providers";

const providerUrl = (id: string) => `/api/providers/${encodeURIComponent(id)}`;

export function useProviders(initialData?: ProviderView[]) {
  return useQuery({
    queryKey: keys.providers.list(),
    queryFn: async () => (await apiFetch<{ providers: ProviderView[] }>("/api/providers")).providers,
    initialData,
  });
}

function useInvalidateProviders() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: keys.providers.all });
}

export function useCreateProvider() {
  const invalidate = useInvalidateProviders();
  return useMutation({
    mutationFn: (body: CreateProviderBody) => apiFetch<SavedProvider>("/api/providers", { method: "POST", body }),
    onSuccess: invalidate,
  });
}

export function useUpdateProvider(id: string) {
  const invalidate = useInvalidateProviders();
  return useMutation({
    mutationFn: (body: UpdateProviderBody) => apiFetch<SavedProvider>(providerUrl(id), { method: "PUT", body }),
    onSuccess: invalidate,
  });
}

export function useSetProviderEnabled() {
  const invalidate = useInvalidateProviders();
  return useMutation({
    mutationFn: ({ id, enabled, version }: { id: string; enabled: boolean; version: number }) =>
      apiFetch<{ provider: ProviderView }>(providerUrl(id), { method: "PATCH", body: { enabled, version } }),
    onSettled: invalidate,
  });
}

export function useDuplicateProvider() {
  const invalidate = useInvalidateProviders();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ provider: ProviderView }>(`${providerUrl(id)}/duplicate`, { method: "POST" }),
    onSuccess: invalidate,
  });
}

export function useDeleteProvider() {
  const invalidate = useInvalidateProviders();
  return useMutation({
    mutationFn: (id: string) => apiFetch<null>(providerUrl(id), { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

export function useTestConnection() {
  return useMutation({
    mutationFn: (id: string) => apiFetch<ConnectionTestResult>(`${providerUrl(id)}/test`, { method: "POST" }),
  });
}

/** "Test connection" of the provider form's settings, before they are saved. */
export function useTestUnsavedConnection() {
  return useMutation({
    mutationFn: (body: ConnectionTestBody) =>
      apiFetch<ConnectionTestResult>("/api/providers/connection-test", { method: "POST", body }),
  });
}

export function useProviderModels(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    enabled,
    queryKey: keys.providers.models(id),
    queryFn: async () => (await apiFetch<{ models: ProviderModelView[] }>(`${providerUrl(id)}/models`)).models,
  });
}

export function useRefreshModels(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      (await apiFetch<{ models: ProviderModelView[] }>(`${providerUrl(id)}/models`, { method: "POST" })).models,
    onSuccess: (models) => qc.setQueryData(keys.providers.models(id), models),
  });
}

export function useDiscoveryScan() {
  return useMutation({
    mutationFn: async () =>
      (await apiFetch<{ servers: DiscoveredServer[] }>("/api/discovery", { method: "POST" })).servers,
  });
}

export function useAddSimulatedProviders() {
  const invalidate = useInvalidateProviders();
  return useMutation({
    mutationFn: () =>
      apiFetch<{ created: ProviderView[]; skipped: string[] }>("/api/providers/simulated", { method: "POST" }),
    onSuccess: invalidate,
  });
}
