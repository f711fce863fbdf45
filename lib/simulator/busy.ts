/**
 * One generation at a time, per profile, for profiles with a `busyRule` (KoboldCpp): while a
 * chat or completion is being answered — its whole stream included — the next one is refused.
 */
import { refusalError } from "./http";
import type { ProfileSpec } from "./types";

/** Tracks which profiles are generating; `enter` refuses a second generation with the profile's `busyRule`. */
export function createBusyGate(): {
  enter(profile: ProfileSpec): (response: Response) => Response;
  leave(profile: ProfileSpec): void;
} {
  const busy = new Set<string>();
  const leave = (profile: ProfileSpec): void => void busy.delete(profile.name);
  return {
    leave,
    enter(profile) {
      const rule = profile.busyRule;
      if (!rule) return (response) => response;
      if (busy.has(profile.name)) throw refusalError(rule, profile.models[0]?.id ?? profile.name);
      busy.add(profile.name);
      // The generation ends when the answer's body has been read to its end or abandoned.
      return (response) => {
        if (!response.body) {
          leave(profile);
          return response;
        }
        const reader = response.body.getReader();
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const next = await reader.read().catch((error: unknown) => (leave(profile), Promise.reject(error)));
            if (next.done) {
              leave(profile);
              controller.close();
            } else controller.enqueue(next.value);
          },
          cancel(reason) {
            leave(profile);
            return reader.cancel(reason);
          },
        });
        return new Response(body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      };
    },
  };
}
