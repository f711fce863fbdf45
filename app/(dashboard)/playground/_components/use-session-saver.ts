"use client";

import { useCallback, useRef } from "react";
import { toast } from "sonner";
import { ApiError } from "@/lib/queries/api-client";
import { useCreatePlaygroundSession, useUpdatePlaygroundSession } from "@/lib/queries/playground";
import type { SessionData } from "@/lib/schemas/playground";

/**
 * Saves the conversation after each finished reply: the first save creates the session
 * (titled after the first user message by the server), later ones replace its data.
 * Saves run one after another so two quick replies cannot create two sessions.
 */
export function useSessionSaver(initialId: string | null, onSaved: (id: string) => void) {
  const idRef = useRef(initialId);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const create = useCreatePlaygroundSession();
  const update = useUpdatePlaygroundSession();
  const { mutateAsync: createAsync } = create;
  const { mutateAsync: updateAsync } = update;

  const save = useCallback(
    (data: SessionData) => {
      queue.current = queue.current.then(async () => {
        try {
          const id = idRef.current;
          if (id) {
            try {
              await updateAsync({ id, body: { data } });
              return;
            } catch (err) {
              // Deleted from another tab: keep the conversation by saving it as a new session.
              if (!(err instanceof ApiError && err.status === 404)) throw err;
            }
          }
          const created = await createAsync({ data });
          idRef.current = created.id;
          onSaved(created.id);
        } catch (err) {
          toast.error(`Could not save the session: ${err instanceof Error ? err.message : String(err)}`);
        }
      });
    },
    [createAsync, updateAsync, onSaved],
  );

  /** The next save starts a new session (after "Clear conversation", or when continuing someone's shared one). */
  const detach = useCallback(() => {
    idRef.current = null;
  }, []);

  /** The session the next save writes to (for the request log's sessionId). */
  const currentId = useCallback(() => idRef.current, []);

  return { save, detach, currentId };
}
