// TCP proxies in front of the app, real network paths the browser sees as such.
// - startCuttableProxy: one upstream; cut() destroys every open connection and refuses new ones
//   until restored.
// - startRoundRobinProxy: several upstreams (replicas), each new connection to the next one, with no
//   health checks, as a plain L4 balancer does: a dead upstream stays in the rotation, so a client
//   that reconnects must retry until it lands on a live one. pin() routes new connections to one
//   upstream (session affinity), so a test can put a browser's streams on a chosen replica.
import net from "node:net";

type Proxy = {
  url: string;
  cut(): void;
  restore(): void;
  /** Open connections per upstream port. */
  open(): Map<number, number>;
  close(): Promise<void>;
};

async function startProxy(pick: () => number): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  const openTo = new Map<number, number>();
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) return client.destroy();
    const port = pick();
    const upstream = net.connect(port, "127.0.0.1");
    openTo.set(port, (openTo.get(port) ?? 0) + 1);
    upstream.once("close", () => openTo.set(port, (openTo.get(port) ?? 1) - 1));
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      cut = true;
      for (const s of sockets) s.destroy();
    },
    restore() {
      cut = false;
    },
    open: () => new Map(openTo),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function startCuttableProxy(targetPort: number): Promise<Proxy> {
  return startProxy(() => targetPort);
}

export async function startRoundRobinProxy(targetPorts: readonly number[]) {
  if (!targetPorts.length) throw new Error("a round-robin proxy needs at least one upstream");
  let next = 0;
  let pinned: number | null = null;
  const proxy = await startProxy(() => pinned ?? targetPorts[next++ % targetPorts.length]);
  return {
    ...proxy,
    /** New connections go to `port` only (null: round robin again); open ones stay where they are. */
    pin(port: number | null) {
      if (port !== null && !targetPorts.includes(port)) throw new Error(`${port} is not an upstream`);
      pinned = port;
    },
  };
}
