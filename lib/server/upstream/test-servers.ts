import http from "node:http";
import net from "node:net";

/**
 * Local servers for the tests that talk to providers (lib/server/upstream, app/api/providers):
 * fake providers, a CONNECT proxy, simulator profiles served at the root of their own port —
 * all on 127.0.0.1 and tracked with their open sockets, so a test file ends with one
 * {@link LocalServers.closeAll} whatever it started (a hanging server's connections included).
 */

export type LocalServers = {
  /** Listens on a free port of 127.0.0.1 and tracks the server; resolves with the port. */
  listen(server: net.Server): Promise<number>;
  /** Destroys every open connection (a hanging server's too). */
  destroySockets(): void;
  /** Destroys every open connection and closes every server still listening. */
  closeAll(): Promise<void>;
};

export function createLocalServers(): LocalServers {
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  const destroySockets = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    async listen(server) {
      servers.push(server);
      server.on("connection", (s: net.Socket) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return (server.address() as net.AddressInfo).port;
    },
    destroySockets,
    async closeAll() {
      destroySockets();
      await Promise.all(servers.filter((s) => s.listening).map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}

/**
 * A minimal HTTP proxy (CONNECT tunnels), like the ones teams put in front of providers;
 * `onTunnel` hears the `host:port` of every tunnel asked for.
 */
export function createConnectProxy(onTunnel: (target: string) => void): http.Server {
  const proxy = http.createServer((_req, res) => res.writeHead(405).end());
  proxy.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    onTunnel(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    const upstream = net.connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  return proxy;
}

/**
 * Serves one simulator profile at the root of its own port, as discovery expects (it scans
 * ports, not paths): `/<anything>` → `<simulator>/<profile>/<anything>`. `simUrl` is read per
 * request (the simulator may start after the forwarder is made).
 */
export function createProfileForwarder(simUrl: () => string, profile: string): http.Server {
  return http.createServer((req, res) => {
    const target = new URL(`${simUrl()}/${profile}${req.url ?? "/"}`);
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
}
