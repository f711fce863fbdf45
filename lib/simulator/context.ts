/** Per-request context handed from the router to endpoint handlers. */
import type { EventHub } from "./events";
import type { ModelSpec, ProfileSpec } from "./types";

/** Delays applied while generating: base token delay plus `+slow`. */
export interface Timing {
  firstTokenMs: number;
  perTokenMs: number;
}

/** What an endpoint handler knows about the request it serves. */
export interface HandlerContext {
  requestId: number;
  profile: ProfileSpec;
  /** Path after the profile segment, e.g. `/v1/chat/completions`. */
  path: string;
  signal: AbortSignal;
  timing: Timing;
  /** A fresh sampling seed for requests without `seed` (varies per request). */
  nextSeed(): number;
  emit: EventHub["emit"];
  startedAt: number;
  /**
   * Waits while `model` loads, where the profile's server makes requests wait for that
   * (LM Studio's first request per model, `+loading` on servers that block). Call it once a
   * request has passed the server's checks, before answering.
   */
  loadModel(model: ModelSpec): Promise<void>;
}
