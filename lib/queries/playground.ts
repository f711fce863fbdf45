"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { readChatEvents } from "@/lib/playground/sse";
import type {
  ChatEvent,
  ChatRequest,
  CreateSessionBody,
  PlaygroundProvider,
  SessionDetail,
  SessionSummary,
  UpdateSessionBody,
} from "@/lib/schemas/playground";
import type { RequestLogView } from "@/lib/schemas/request-logs";
import { apiErrorFrom, apiFetch, networkError, searchParams } from "./api-client";
import { keys } from "./query-keys";

const sessionUrl = (id: string) => `/api/playground/sessions/${encodeURIComponent(id)}`;

export function usePlaygroundTargets(initialData?: PlaygroundProvider[]) {
  return useQuery({
    queryKey: keys.playground.targets(),
    queryFn: async () => (await apiFetch<{ providers: PlaygroundProvider[] }>("/api/playground/targets")).providers,
    initialData,
  });
}

export function usePlaygroundSessions(initialData?: SessionSummary[]) {
  return useQuery({
    queryKey: keys.playground.sessions(),
    queryFn: async () => (await apiFetch<{ sessions: SessionSummary[] }>("/api/playground/sessions")).sessions,
    initialData,
  });
}

/** One session with its data (opened from the list). */
export function fetchPlaygroundSession(id: string): Promise<SessionDetail> {
  return apiFetch<SessionDetail>(sessionUrl(id));
}

function useInvalidateSessions() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: keys.playground.sessions() });
}

export function useCreatePlaygroundSession() {
  const invalidate = useInvalidateSessions();
  return useMutation({
    mutationFn: (body: CreateSessionBody) =>
      apiFetch<SessionDetail>("/api/playground/sessions", { method: "POST", body }),
    onSuccess: invalidate,
  });
}

export function useUpdatePlaygroundSession() {
  const invalidate = useInvalidateSessions();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateSessionBody }) =>
      apiFetch<SessionDetail>(sessionUrl(id), { method: "PATCH", body }),
    onSuccess: invalidate,
  });
}

export function useDeletePlaygroundSession() {
  const invalidate = useInvalidateSessions();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ ok: true }>(sessionUrl(id), { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

/** The request log with its filters (every defined entry of `query` is sent as is). */
export function useRequestLogs(
  query: { limit: number } & Record<string, string | number | undefined>,
  initialData?: RequestLogView[],
) {
  const params = searchParams(query);
  return useQuery({
    queryKey: keys.requestLogs.list(params.toString()),
    queryFn: async () => (await apiFetch<{ logs: RequestLogView[] }>(`/api/request-logs?${params}`)).logs,
    initialData,
  });
}

/**
 * Sends one chat request and calls `onEvent` for each Server-Sent Event as it arrives.
 * Resolves when the stream closes (the caller checks a final event came); throws ApiError
 * for a JSON error before the stream opens, and rejects with the abort reason when
 * `signal` aborts (which also aborts the upstream request on the server).
 */
export async function streamChat(
  body: ChatRequest,
  { signal, onEvent }: { signal: AbortSignal; onEvent: (event: ChatEvent) => void },
): Promise<void> {
  let res: Response;
  try {
    res = await fetch("/api/playground/chat", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (signal.aborted) throw err;
    throw networkError();
  }
  if (!res.ok || !res.body) throw apiErrorFrom(res, await res.text().catch(() => ""));
  await readChatEvents(res.body, onEvent);
}
