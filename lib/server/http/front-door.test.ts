import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CLIENT_ADDRESS_HEADER, normaliseAddress, resolveClientAddress, trustedProxyList } from "./client-address";
import { createFrontDoor } from "./front-door";

describe("the client address: the socket's, unless a trusted proxy vouches for an X-Forwarded-For hop", () => {
  const trusted = trustedProxyList([
    { address: "10.0.0.0", prefix: 8, family: "ipv4" },
    { address: "::1", prefix: 128, family: "ipv6" },
  ]);

  test("a client that is not a trusted proxy cannot choose its address with X-Forwarded-For", () => {
    expect(resolveClientAddress("203.0.113.5", "5.6.7.8", trusted)).toBe("203.0.113.5");
    expect(resolveClientAddress("::ffff:203.0.113.5", undefined, trusted)).toBe("203.0.113.5");
  });

  test("behind trusted proxies, the right-most entry no trusted proxy wrote is the client", () => {
    // The client wrote "5.6.7.8" itself; the proxy appended the address it saw.
    expect(resolveClientAddress("10.0.0.2", "5.6.7.8, 198.51.100.7", trusted)).toBe("198.51.100.7");
    // Two trusted hops.
    expect(resolveClientAddress("10.0.0.2", "198.51.100.7, 10.0.0.9", trusted)).toBe("198.51.100.7");
    expect(resolveClientAddress("::1", ["198.51.100.7", "10.1.1.1"], trusted)).toBe("198.51.100.7");
    // Nothing forwarded: the proxy itself.
    expect(resolveClientAddress("10.0.0.2", undefined, trusted)).toBe("10.0.0.2");
    // A hop that is not an address stops the walk at the last trusted one.
    expect(resolveClientAddress("10.0.0.2", "198.51.100.7, garbage", trusted)).toBe("10.0.0.2");
  });

  test("addresses are normalised: IPv4-mapped, brackets, ports", () => {
    expect(normaliseAddress("::FFFF:192.0.2.1")).toBe("192.0.2.1");
    expect(normaliseAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normaliseAddress("192.0.2.1:8080")).toBe("192.0.2.1");
    expect(normaliseAddress("unknown")).toBeNull();
  });
});

describe("the front door", () => {
  let server: http.Server;
  let port = 0;
  const seen: http.IncomingHttpHeaders[] = [];
  beforeAll(async () => {
    server = http.createServer(
      createFrontDoor({
        isTrustedProxy: () => false,
        next: (req, res) => {
          seen.push(req.headers);
          res.writeHead(200).end("next");
        },
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  function send(method: string, path: string, headers: Record<string, string> = {}) {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on("error", reject);
      req.end();
    });
  }

  test("replaces a client-supplied address header with the socket's address", async () => {
    seen.length = 0;
    const res = await send("GET", "/api/health", { [CLIENT_ADDRESS_HEADER]: "9.9.9.9", "x-forwarded-for": "9.9.9.9" });
    expect(res.body).toBe("next");
    expect(seen[0]?.[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.1");
  });

  test("TRACE gets 405 with Allow and the security headers, and never reaches Next", async () => {
    seen.length = 0;
    const res = await send("TRACE", "/api/health");
    expect(res.status).toBe(405);
    expect(res.headers.allow).toContain("GET");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(JSON.parse(res.body)).toEqual({
      error: { code: "method_not_allowed", message: "The method TRACE is not allowed here." },
    });
    expect(seen).toEqual([]);
  });

  test("a path with a broken percent-encoding gets 400 with the security headers", async () => {
    const res = await send("GET", "/api/providers/%ff");
    expect(res.status).toBe(400);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["cross-origin-opener-policy"]).toBe("same-origin");
    expect(JSON.parse(res.body).error.code).toBe("bad_request");
    expect((await send("GET", "/api/providers/caf%C3%A9")).status).toBe(200);
  });
});
