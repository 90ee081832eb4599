// A local HTTP receiver for webhook integration tests: records every request; each path has a
// behaviour ("ok", "fail-once" answers 500 then 200, "always-500", "hang" never answers in time).
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { path: string; headers: http.IncomingHttpHeaders; body: string; at: number };

export async function startReceiver(hangMs = 5_000) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body, at: Date.now() });
      const seen = received.filter((r) => r.path === path).length;
      if (path.startsWith("/hang")) return void setTimeout(() => res.end("late"), hangMs);
      if (path.startsWith("/always-500") || (path.startsWith("/fail-once") && seen === 1)) {
        res.statusCode = 500;
        return void res.end("boom");
      }
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    on: (path: string) => received.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
