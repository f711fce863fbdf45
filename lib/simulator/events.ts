/**
 * What the simulator saw: requests, responses, finished streams and client aborts. Tests
 * (and the app's playground test) use it to check that a cancelled stream really closed
 * the connection on the server side.
 */

/** One observation. `requestId` increases by one per request the simulator handles. */
export type SimulatorEvent =
  | { type: "request"; requestId: number; profile: string; method: string; path: string; faults: string[] }
  | { type: "response"; requestId: number; status: number; stream: boolean }
  | { type: "stream-end"; requestId: number; tokens: number }
  /** A model was loaded before the request could be answered (LM Studio's JIT load, `+loading`). */
  | { type: "model-load"; requestId: number; profile: string; model: string; ms: number }
  | {
      type: "aborted";
      requestId: number;
      profile: string;
      path: string;
      stage: "waiting" | "streaming";
      tokensSent: number;
    };

/** Live counters, updated as events happen. */
export interface SimulatorStats {
  requests: number;
  streamsCompleted: number;
  aborted: number;
  /** Model loads simulated so far (see the `model-load` event). */
  modelLoads: number;
}

/** Subscribe to, inspect and await simulator events. */
export interface SimulatorEvents {
  readonly stats: Readonly<SimulatorStats>;
  /** The most recent events (at most 500), oldest first. */
  recent(): SimulatorEvent[];
  /** Calls `listener` for every future event; returns an unsubscribe function. */
  subscribe(listener: (event: SimulatorEvent) => void): () => void;
  /** Resolves with the first event (past or future) matching `predicate`; rejects after `timeoutMs`. */
  waitFor(predicate: (event: SimulatorEvent) => boolean, timeoutMs?: number): Promise<SimulatorEvent>;
}

/** The event hub plus the `emit` the simulator itself uses. */
export interface EventHub extends SimulatorEvents {
  emit(event: SimulatorEvent): void;
}

const MAX_RECENT = 500;

/** Creates an event hub; `onEvent` (optional) sees every event too. */
export function createEventHub(onEvent?: (event: SimulatorEvent) => void): EventHub {
  const stats: SimulatorStats = { requests: 0, streamsCompleted: 0, aborted: 0, modelLoads: 0 };
  const log: SimulatorEvent[] = [];
  const listeners = new Set<(event: SimulatorEvent) => void>();

  const hub: EventHub = {
    stats,
    recent: () => [...log],
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitFor(predicate, timeoutMs = 5000) {
      const past = log.find(predicate);
      if (past) return Promise.resolve(past);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          unsubscribe();
          reject(new Error(`no matching simulator event within ${timeoutMs} ms`));
        }, timeoutMs);
        const unsubscribe = hub.subscribe((event) => {
          if (!predicate(event)) return;
          clearTimeout(timer);
          unsubscribe();
          resolve(event);
        });
      });
    },
    emit(event) {
      if (event.type === "request") stats.requests++;
      if (event.type === "stream-end") stats.streamsCompleted++;
      if (event.type === "aborted") stats.aborted++;
      if (event.type === "model-load") stats.modelLoads++;
      log.push(event);
      if (log.length > MAX_RECENT) log.shift();
      onEvent?.(event);
      for (const listener of [...listeners]) listener(event);
    },
  };
  return hub;
}
