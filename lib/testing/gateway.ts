import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Environment } from "@/lib/environments";
import { resetBreakers } from "@/lib/server/calls/breaker";
import { stopGatewayConfig } from "@/lib/server/gateway/config";
import { createKey } from "@/lib/server/gateway/keys";
import { flushGatewayLog } from "@/lib/server/gateway/log";
import { stopRateSync } from "@/lib/server/gateway/rate-limit";
import { serveGatewayNode } from "@/lib/server/gateway/node";
import { createRoute } from "@/lib/server/gateway/routes";
import { createFrontDoor, sendError } from "@/lib/server/http/front-door";

/**
 * Gateway tests: the gateway served over real HTTP exactly as `npm start` serves it — the
 * front door with the gateway's handler — on the test file's database, without Next behind
 * it (anything but `/v1` answers 404).
 */

export type RunningGateway = { url: string; baseURL: string; stop: () => Promise<void> };

export async function startGateway(): Promise<RunningGateway> {
  const server = http.createServer(
    createFrontDoor({
      next: (_req, res) => sendError(res, 404, "not_found", "Only /v1 is served in gateway tests."),
      gateway: serveGatewayNode,
      isTrustedProxy: () => false,
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await flushGatewayLog();
      stopGatewayConfig();
      stopRateSync();
      resetBreakers();
    },
  };
}

let counter = 0;

/** A route through the service (the admin API has its own tests). */
export async function addRoute(
  name: string,
  targets: { providerId: string; model: string }[],
  environment: Environment = "development",
) {
  return createRoute({ name, environment, targets }, null);
}

/** A key (every route of development unless told otherwise); returns its secret and id. */
export async function addKey(
  options: { environment?: Environment; routes?: string[]; allowDirect?: boolean; rpm?: number } = {},
): Promise<{ id: string; secret: string }> {
  const { key, secret } = await createKey(
    {
      name: `test key ${++counter}`,
      environment: options.environment ?? "development",
      routes: options.routes,
      allowDirect: options.allowDirect ?? false,
      rpm: options.rpm,
    },
    null,
  );
  return { id: key.id, secret };
}
