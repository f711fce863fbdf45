"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateProviderBody, ProviderModelView, ProviderView, UpdateProviderBody } from "@/lib/schemas/providers";
import { apiFetch } from "./api-client";
import { keys } from "./query-keys";

export type SavedProvider = { provider: ProviderView; hints: string[] };

export type ConnectionTestResult = {
  outcome: "reachable" | "auth_failed" | "not_compatible" | "timeout" | "refused" | "tls_error" | "dns_error" | "error";
  message: string;
  latencyMs: number;
  modelCount?: number;
  status?: number;
  serverVersion?: string;
};

export type FoundServer = {
  baseUrl: string;
  kind: ProviderView["kind"];
  version?: string;
  modelCount?: number;
  identifiedBy: string;
  alreadyAdded?: boolean;
};

const providerUrl = (id: string) => `/api/providers/${encodeURIComponent(id)}`;

export function useProviders(initialData?: ProviderView[]) {
  return useQuery({
    queryKey: keys.providers.list(),
    queryFn: async () => (await apiFetch<{ providers: ProviderView[] }>("/api/providers")).providers,
    initialData,
  });
}

export function useProvider(id: string, initialData?: ProviderView) {
  return useQuery({
    queryKey: keys.providers.detail(id),
    queryFn: async () => (await apiFetch<{ provider: ProviderView }>(providerUrl(id))).provider,
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
    mutationFn: async () => (await apiFetch<{ servers: FoundServer[] }>("/api/discovery", { method: "POST" })).servers,
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
