/**
 * One generation at a time, per profile, for profiles with a `busyRule` (KoboldCpp): while a
 * chat or completion is being answered — its whole stream included — the next one is refused.
 */
import { refusalError } from "./http";
import { servedModelId } from "./rules";
import type { ProfileSpec } from "./types";

/** The answer, with a body that calls `done` once when it has been read to its end or abandoned. */
function whenBodyEnds(response: Response, done: () => void): Response {
  if (!response.body) {
    done();
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await reader.read().catch((error: unknown) => {
        done();
        throw error;
      });
      if (next.done) {
        done();
        controller.close();
      } else controller.enqueue(next.value);
    },
    cancel(reason) {
      done();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** Which profiles are generating (one gate per simulator). */
export interface BusyGate {
  /** Answers with `generate`, or throws the profile's `busyRule` while another generation runs. */
  run(profile: ProfileSpec, generate: () => Promise<Response>): Promise<Response>;
}

/** Tracks which profiles are generating. */
export function createBusyGate(): BusyGate {
  const busy = new Set<string>();
  return {
    async run(profile, generate) {
      if (!profile.busyRule) return generate();
      if (busy.has(profile.name)) throw refusalError(profile.busyRule, servedModelId(profile));
      busy.add(profile.name);
      let left = false;
      // Once only: a second call must not free a generation that started after this one ended.
      const leave = (): void => {
        if (!left) busy.delete(profile.name);
        left = true;
      };
      try {
        return whenBodyEnds(await generate(), leave);
      } catch (error) {
        leave();
        throw error;
      }
    },
  };
}
