"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateKeyBody, GatewayKeyView, RouteFields, RouteView } from "@/lib/schemas/gateway";
import type { ReadinessReport, RouteStatusView, UsageReport } from "@/lib/schemas/usage";
import { apiFetch, searchParams } from "./api-client";
import { keys } from "./query-keys";

/** React Query hooks of the gateway's dashboard: routes, keys, usage, switch readiness. */

export type KeyListItem = GatewayKeyView & { requests24h: number };

export function useRoutes(initialData?: RouteView[]) {
  return useQuery({
    queryKey: keys.gateway.routes(),
    queryFn: async () => (await apiFetch<{ routes: RouteView[] }>("/api/gateway/routes")).routes,
    initialData,
  });
}

/** Circuits change on their own: read again every 5 s while the page is open. */
export function useRouteStatus() {
  return useQuery({
    queryKey: keys.gateway.routeStatus(),
    queryFn: async () => (await apiFetch<{ status: RouteStatusView[] }>("/api/gateway/routes/status")).status,
    refetchInterval: 5000,
  });
}

function useInvalidateRoutes() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: keys.gateway.all });
}

export function useSaveRoute() {
  const invalidate = useInvalidateRoutes();
  return useMutation({
    mutationFn: ({ id, ...body }: RouteFields & { id?: string; version?: number }) =>
      id
        ? apiFetch<{ route: RouteView }>(`/api/gateway/routes/${encodeURIComponent(id)}`, { method: "PUT", body })
        : apiFetch<{ route: RouteView }>("/api/gateway/routes", { method: "POST", body }),
    onSuccess: invalidate,
  });
}

export function useDeleteRoute() {
  const invalidate = useInvalidateRoutes();
  return useMutation({
    mutationFn: (id: string) => apiFetch<null>(`/api/gateway/routes/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

export function useKeys(initialData?: KeyListItem[]) {
  return useQuery({
    queryKey: keys.gateway.keys(),
    queryFn: async () => (await apiFetch<{ keys: KeyListItem[] }>("/api/gateway/keys")).keys,
    initialData,
  });
}

export function useCreateKey() {
  const invalidate = useInvalidateRoutes();
  return useMutation({
    mutationFn: (body: Partial<CreateKeyBody> & { name: string }) =>
      apiFetch<{ key: GatewayKeyView; secret: string }>("/api/gateway/keys", { method: "POST", body }),
    onSuccess: invalidate,
  });
}

export function useRevokeKey() {
  const invalidate = useInvalidateRoutes();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ key: GatewayKeyView }>(`/api/gateway/keys/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

/** The usage report; `initialData`: what the server page already read (no second fetch on load). */
export function useUsage(query: Record<string, string | undefined>, initialData?: UsageReport) {
  const params = searchParams(query).toString();
  return useQuery({
    queryKey: keys.gateway.usage(params),
    queryFn: async () => (await apiFetch<{ usage: UsageReport }>(`/api/gateway/usage?${params}`)).usage,
    initialData,
    // Fresh for a while, so the page does not ask again for what the server just read.
    staleTime: 10_000,
    refetchInterval: 15_000,
  });
}

export function useReadiness(query: Record<string, string | number | undefined> | null) {
  const params = query ? searchParams(query).toString() : "";
  return useQuery({
    queryKey: keys.gateway.readiness(params),
    queryFn: async () => (await apiFetch<{ readiness: ReadinessReport }>(`/api/gateway/readiness?${params}`)).readiness,
    enabled: query !== null,
  });
}

/** The Markdown export's address for the same query. */
export function readinessMarkdownUrl(query: Record<string, string | number | undefined>): string {
  return `/api/gateway/readiness?${searchParams({ ...query, format: "markdown" })}`;
}
