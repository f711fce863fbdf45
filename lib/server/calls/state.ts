import "server-only";

/**
 * State the call engine keeps in memory, on `globalThis`: `npm start` loads the gateway
 * through its front door (lib/server/http) and Next loads the same modules again in its
 * own bundle — two module instances in one process. Caches, breakers and the log queue
 * must be one, so that an edit made in the dashboard reaches the gateway at once and a
 * breaker opened by the playground is seen by the gateway.
 */
const KEY = Symbol.for("switchyard.calls.state");

type Slot = Map<string, unknown>;
// globalThis has no index signature for symbols: seen as a record of slots under our key.
const root = globalThis as unknown as Record<symbol, Slot | undefined>;
const slots: Slot = (root[KEY] ??= new Map());

/** The process-wide value named `name`, created by `make` the first time any module instance asks. */
export function shared<T>(name: string, make: () => T): T {
  if (!slots.has(name)) slots.set(name, make());
  return slots.get(name) as T;
}

/** One cached read: its value, when it was read, and whether a fresher read is under way. */
export type CacheEntry<T> = { at: number; value: Promise<T>; refreshing?: boolean };

/** How long a cached read is served before it is read again (in the background). */
export const FRESH_MS = 5000;

/**
 * Serves `key` from `cache`: the first read waits for `load`; later ones are served from
 * memory, and once older than {@link FRESH_MS} one background read refreshes the entry
 * (the stale value keeps serving meanwhile). A failed read is never kept.
 */
export function cachedRead<T>(cache: Map<string, CacheEntry<T>>, key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  const now = Date.now();
  if (hit && (now - hit.at < FRESH_MS || hit.refreshing)) return hit.value;
  if (hit) {
    hit.refreshing = true;
    load().then(
      (value) => {
        if (cache.get(key) === hit) cache.set(key, { at: Date.now(), value: Promise.resolve(value) });
      },
      () => (hit.refreshing = false),
    );
    return hit.value;
  }
  const entry: CacheEntry<T> = { at: now, value: load() };
  cache.set(key, entry);
  entry.value.catch(() => (cache.get(key) === entry ? cache.delete(key) : undefined));
  if (cache.size > 5000) cache.delete(cache.keys().next().value!);
  return entry.value;
}
