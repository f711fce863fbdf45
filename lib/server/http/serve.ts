import "server-only";
import http from "node:http";
import path from "node:path";
import { getEnv } from "@/lib/env";
import { trustedProxyList } from "./client-address";
import { serveGatewayNode } from "../gateway/node";
import { createFrontDoor } from "./front-door";

/**
 * Serves the built app the way `npm start` does: one Node process, one HTTP server whose
 * handler is the front door (front-door.ts), with the gateway's `/v1` beside Next's request
 * handler (Next's custom-server pattern). Resolves with the listening server.
 */
export async function serveApp({ port, root }: { port: number; root: string }): Promise<http.Server> {
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: path.resolve(root), port });
  await quietly(/Running next\.config\.\w+ took/, () => app.prepare());
  const handle = app.getRequestHandler();
  const server = http.createServer(
    createFrontDoor({
      next: (req, res) => handle(req, res),
      gateway: serveGatewayNode,
      isTrustedProxy: trustedProxyList(getEnv().trustedProxies),
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });
  return server;
}

/**
 * Runs `work` with console lines matching `noise` dropped: Next logs how long its config took
 * to load while preparing, a line that reads like noise (or worse) to someone starting the app.
 */
async function quietly<T>(noise: RegExp, work: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = (...args: unknown[]) => {
    if (!args.some((a) => typeof a === "string" && noise.test(a))) log(...args);
  };
  try {
    return await work();
  } finally {
    console.log = log;
  }
}
