import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchError, SESSION_EXPIRED_MESSAGE, fetchJson, isSessionExpired } from "@/lib/http/fetch-json";

// A real HTTP server answering the shapes our route handlers (and what sits in front of them) send.
const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void> = {
  "/ok": (_q, res) => json(res, 200, { ok: true, value: 42 }),
  "/array": (_q, res) => json(res, 200, [{ id: "a" }]),
  "/echo": (req, res, body) =>
    json(res, 200, { method: req.method, type: req.headers["content-type"], body: JSON.parse(body) }),
  "/expired": (_q, res) => json(res, 401, { ok: false, code: "unauthenticated", error: "Sign in to continue." }),
  "/bare-401": (_q, res) => (res.writeHead(401), res.end()),
  "/forbidden": (_q, res) =>
    json(res, 403, {
      ok: false,
      code: "forbidden",
      error: "Forbidden: your role (viewer) may not do this (incident.read).",
    }),
  "/missing": (_q, res) => json(res, 404, { ok: false, code: "not_found", error: "That service does not exist." }),
  "/refused-200": (_q, res) => json(res, 200, { ok: false, code: "conflict", error: "A rollback is already running." }),
  "/proxy-502": (_q, res) => (res.writeHead(502, { "content-type": "text/html" }), res.end("<h1>Bad gateway</h1>")),
  "/not-json": (_q, res) => (res.writeHead(200, { "content-type": "text/plain" }), res.end("hello")),
  "/to-login": (_q, res) => (res.writeHead(307, { location: "/login" }), res.end()),
  "/login": (_q, res) => (res.writeHead(200, { "content-type": "text/html" }), res.end("<form>Sign in</form>")),
  "/slow": (_q, res) => setTimeout(() => json(res, 200, { ok: true }), 2_000),
};

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () =>
      (routes[new URL(req.url!, "http://x").pathname] ?? ((_q, r) => json(r, 404, {})))(req, res, body),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(path: string): Promise<FetchError> {
  const e = await fetchJson(`${base}${path}`).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(FetchError);
  return e as FetchError;
}

describe("fetchJson", () => {
  it("returns the parsed body of a 2xx answer, objects and arrays alike", async () => {
    expect(await fetchJson(`${base}/ok`)).toEqual({ ok: true, value: 42 });
    expect(await fetchJson(`${base}/array`)).toEqual([{ id: "a" }]);
  });

  it("sends `json` as a JSON body", async () => {
    expect(await fetchJson(`${base}/echo`, { method: "POST", json: { a: 1 } })).toEqual({
      method: "POST",
      type: "application/json",
      body: { a: 1 },
    });
  });

  it("recognises an expired session (401) and says so in words a person acts on", async () => {
    for (const path of ["/expired", "/bare-401"]) {
      const e = await failure(path);
      expect(e.status).toBe(401);
      expect(e.code).toBe("unauthenticated");
      expect(e.sessionExpired).toBe(true);
      expect(e.permanent).toBe(true);
      expect(e.message).toBe(SESSION_EXPIRED_MESSAGE);
      expect(isSessionExpired(e)).toBe(true);
    }
  });

  it("treats a redirect to the sign-in page as an expired session, not as data", async () => {
    const e = await failure("/to-login");
    expect(e.sessionExpired).toBe(true);
    expect(e.message).toBe(SESSION_EXPIRED_MESSAGE);
  });

  it("carries the server's own message and code for { ok: false } answers", async () => {
    const forbidden = await failure("/forbidden");
    expect([forbidden.status, forbidden.code, forbidden.message]).toEqual([
      403,
      "forbidden",
      "Forbidden: your role (viewer) may not do this (incident.read).",
    ]);
    expect(forbidden.sessionExpired).toBe(false);
    const missing = await failure("/missing");
    expect([missing.status, missing.code, missing.message]).toEqual([404, "not_found", "That service does not exist."]);
  });

  it("refuses an { ok: false } body even when the status is 2xx", async () => {
    const e = await failure("/refused-200");
    expect([e.status, e.code, e.message]).toEqual([200, "conflict", "A rollback is already running."]);
    expect(e.permanent).toBe(false);
  });

  it("turns a non-JSON error page into a readable message, without its HTML", async () => {
    const e = await failure("/proxy-502");
    expect(e.status).toBe(502);
    expect(e.code).toBe("unavailable");
    expect(e.message).toBe("The server could not answer (HTTP 502). Try again in a moment.");
    expect(e.permanent).toBe(false);
  });

  it("says when a 2xx body cannot be read", async () => {
    const e = await failure("/not-json");
    expect([e.status, e.code]).toEqual([200, "bad_response"]);
    expect(e.message).toContain("cannot read");
  });

  it("reports a refused connection as a network error (status 0)", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const e = await fetchJson(`http://127.0.0.1:${port}/ok`).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(FetchError);
    expect([(e as FetchError).status, (e as FetchError).code, (e as FetchError).sessionExpired]).toEqual([
      0,
      "network",
      false,
    ]);
  });

  it("lets a cancelled request stay a cancellation (react-query aborts on unmount)", async () => {
    const controller = new AbortController();
    const pending = fetchJson(`${base}/slow`, { signal: controller.signal });
    controller.abort();
    const e = await pending.catch((err: unknown) => err);
    expect(e).not.toBeInstanceOf(FetchError);
    expect((e as Error).name).toBe("AbortError");
  });
});
