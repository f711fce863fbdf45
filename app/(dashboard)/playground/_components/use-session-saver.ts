"use client";

import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { createSessionSaver } from "@/lib/playground/saver";
import { ApiError } from "@/lib/queries/api-client";
import { useCreatePlaygroundSession, useUpdatePlaygroundSession } from "@/lib/queries/playground";

/**
 * Saves the conversation after each finished reply (see {@link createSessionSaver}): the
 * first save creates the session (titled after the first user message by the server),
 * later ones replace its data. After "Clear conversation" (`detach`) or once this
 * workspace is gone (another session opened, New session), a save still in flight no
 * longer reports its id: the page must not point at the old session.
 */
export function useSessionSaver(initialId: string | null, onSaved: (id: string) => void) {
  const { mutateAsync: createAsync } = useCreatePlaygroundSession();
  const { mutateAsync: updateAsync } = useUpdatePlaygroundSession();
  const latest = useRef({ createAsync, updateAsync, onSaved });
  const mounted = useRef(false);

  useEffect(() => {
    latest.current = { createAsync, updateAsync, onSaved };
  });
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const [saver] = useState(() =>
    createSessionSaver(initialId, () => ({
      create: (data) => latest.current.createAsync({ data }),
      update: (id, data) => latest.current.updateAsync({ id, body: { data } }),
      isNotFound: (err) => err instanceof ApiError && err.status === 404,
      onSaved: (id) => {
        if (mounted.current) latest.current.onSaved(id);
      },
      onError: (err) => {
        toast.error(`Could not save the session: ${err instanceof Error ? err.message : String(err)}`);
      },
    })),
  );
  return saver;
}
