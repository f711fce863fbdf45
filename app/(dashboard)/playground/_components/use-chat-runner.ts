"use client";

import { useCallback, useEffect, useRef } from "react";
import { updateReply } from "@/lib/playground/conversation";
import { requestErrorText } from "@/lib/playground/format";
import { applyChatEvent, failReply, stopReply } from "@/lib/playground/reply";
import { MalformedStreamError } from "@/lib/playground/sse";
import type { AssistantMessage, ColumnState } from "@/lib/playground/types";
import { ApiError } from "@/lib/queries/api-client";
import { streamChat } from "@/lib/queries/playground";
import type { ChatRequest } from "@/lib/schemas/playground";

type SetColumns = (update: (columns: ColumnState[]) => ColumnState[]) => void;

/**
 * Runs one streaming request per column and writes each event into that column's reply.
 * Stop aborts the fetch (the server then aborts the upstream request); leaving the page
 * aborts every stream still open.
 */
export function useChatRunner(setColumns: SetColumns) {
  const controllers = useRef(new Map<string, AbortController>());

  useEffect(() => {
    const open = controllers.current;
    return () => {
      for (const c of open.values()) c.abort();
      open.clear();
    };
  }, []);

  // Only the streaming reply changes: other messages keep their identity and skip re-rendering.
  const patchReply = useCallback(
    (columnId: string, replyId: string, update: (m: AssistantMessage) => AssistantMessage) =>
      setColumns((columns) => updateReply(columns, columnId, replyId, update)),
    [setColumns],
  );

  const start = useCallback(
    async (columnId: string, replyId: string, request: ChatRequest) => {
      controllers.current.get(columnId)?.abort();
      const controller = new AbortController();
      controllers.current.set(columnId, controller);
      let ended = false;
      try {
        await streamChat(request, {
          signal: controller.signal,
          onEvent: (event) => {
            if (event.type === "done" || event.type === "error") ended = true;
            patchReply(columnId, replyId, (m) => applyChatEvent(m, event, performance.now()));
          },
        });
        if (!ended) {
          patchReply(columnId, replyId, (m) =>
            failReply(
              m,
              { kind: "stream", message: "The stream ended unexpectedly before the reply was complete." },
              performance.now(),
            ),
          );
        }
      } catch (err) {
        const now = performance.now();
        if (controller.signal.aborted) {
          patchReply(columnId, replyId, (m) => stopReply(m, now));
        } else if (err instanceof ApiError) {
          const error = { kind: "request", message: requestErrorText(err.status, err.message, err.fieldErrors()) };
          patchReply(columnId, replyId, (m) =>
            failReply(m, err.status ? { ...error, status: err.status } : error, now),
          );
        } else {
          const message =
            err instanceof MalformedStreamError
              ? `The stream was malformed: ${err.message}.`
              : `The connection was lost mid-stream (${err instanceof Error ? err.message : String(err)}).`;
          patchReply(columnId, replyId, (m) => failReply(m, { kind: "stream", message }, now));
        }
      } finally {
        if (controllers.current.get(columnId) === controller) controllers.current.delete(columnId);
      }
    },
    [patchReply],
  );

  /** Stops one column, or every column when `columnId` is absent. */
  const stop = useCallback((columnId?: string) => {
    for (const [id, c] of controllers.current) if (columnId === undefined || id === columnId) c.abort();
  }, []);

  return { start, stop };
}
