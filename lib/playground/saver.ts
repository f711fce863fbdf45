import type { SessionData } from "@/lib/schemas/playground";

/** What the saver needs from the outside world (the React Query mutations and the UI). */
export type SaverDeps = {
  create: (data: SessionData) => Promise<{ id: string }>;
  update: (id: string, data: SessionData) => Promise<unknown>;
  /** The session was deleted (e.g. from another tab): save as a new one instead. */
  isNotFound: (err: unknown) => boolean;
  /** A save of the current conversation created its session. */
  onSaved: (id: string) => void;
  onError: (err: unknown) => void;
};

/**
 * Which session the saves of one conversation write to. "Clear conversation" starts a new
 * generation: saves queued before it still finish (into the old session, created if need
 * be) but can no longer make the new conversation's id or the page point at it.
 */
type Generation = { n: number; id: string | null };

/**
 * Saves one after another, so two quick replies cannot create two sessions: the first
 * save creates the session, later ones replace its data.
 */
export function createSessionSaver(initialId: string | null, deps: () => SaverDeps) {
  let current: Generation = { n: 0, id: initialId };
  let queue: Promise<void> = Promise.resolve();

  function save(data: SessionData): Promise<void> {
    const generation = current;
    queue = queue.then(async () => {
      const { create, update, isNotFound, onSaved, onError } = deps();
      try {
        if (generation.id) {
          try {
            await update(generation.id, data);
            return;
          } catch (err) {
            if (!isNotFound(err)) throw err;
          }
        }
        const created = await create(data);
        generation.id = created.id;
        if (generation.n === current.n) onSaved(created.id);
      } catch (err) {
        onError(err);
      }
    });
    return queue;
  }

  return {
    save,
    /** The next save starts a new session (after "Clear conversation"); saves in flight keep to the old one. */
    detach() {
      current = { n: current.n + 1, id: null };
    },
    /** The session the next save writes to (for the request log's sessionId). */
    currentId: (): string | null => current.id,
  };
}
