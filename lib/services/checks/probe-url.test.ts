// A real local HTTP server: one that answers, one that fails, one that never answers, one closed port.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeUrl } from "./probe-url";

let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/healthz") return res.writeHead(200, { "content-type": "text/plain" }).end("secret-body-text");
    if (req.url === "/broken") return res.writeHead(503).end("db password=hunter2");
    if (req.url === "/moved") return res.writeHead(302, { location: "http://x/?token=abc" }).end();
    // /hang: never answers
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("probeUrl", () => {
  it("reports status and latency of a URL that answers, without its body", async () => {
    const p = await probeUrl(`${base}/healthz`);
    expect(p).toMatchObject({ ok: true, status: 200 });
    expect(p.message).toMatch(/^HTTP 200 in \d+ ms$/);
    expect(JSON.stringify(p)).not.toContain("secret-body-text");
    const bad = await probeUrl(`${base}/broken`);
    expect(bad).toMatchObject({ ok: false, status: 503 });
    expect(JSON.stringify(bad)).not.toContain("hunter2");
  });

  it("does not follow or echo a redirect", async () => {
    const p = await probeUrl(`${base}/moved`);
    expect(p).toMatchObject({ ok: false, status: 302 });
    expect(p.message).toContain("a redirect, not followed");
    expect(JSON.stringify(p)).not.toContain("token=abc");
  });

  it("says plainly when a URL does not answer in time or refuses the connection", async () => {
    const hang = await probeUrl(`${base}/hang`, { timeoutMs: 300 });
    expect(hang).toMatchObject({ ok: false, status: null, message: "did not answer within 0.3 s" });
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect(await probeUrl(`http://127.0.0.1:${port}/`)).toMatchObject({ ok: false, message: "connection refused" });
    expect(await probeUrl("ftp://example.com/")).toMatchObject({
      ok: false,
      message: "only http and https URLs are probed",
    });
  });
});
