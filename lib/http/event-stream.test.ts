import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventStreamParser, followEventStream, type StreamMessage } from "@/lib/http/event-stream";
import { FetchError, SESSION_EXPIRED_MESSAGE } from "@/lib/http/fetch-json";

describe("eventStreamParser", () => {
  it("splits messages across chunk boundaries, joins data lines, skips comments", () => {
    const got: StreamMessage[] = [];
    const feed = eventStreamParser((m) => got.push(m));
    const enc = new TextEncoder();
    for (const part of [
      "retry: 1000\n\n: keep-alive\n\nid: 7\nevent: time",
      'line\ndata: {"a":\ndata: 1}\n',
      "\r",
      "\n",
      "data: plain\r\n\r\n",
      "data: unterminated",
    ]) {
      feed(enc.encode(part));
    }
    feed(null);
    expect(got).toEqual([
      { event: "timeline", data: '{"a":\n1}', id: "7" },
      { event: "message", data: "plain", id: "7" },
    ]);
  });
});

// A real HTTP server: an incident stream that drops after one event, then refuses once the
// "session" is gone, the way app/api/incidents/[id]/events does.
let server: http.Server;
let base = "";
let sessionValid = true;
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.url!);
    if (!sessionValid) {
      res.writeHead(401, { "content-type": "application/json" });
      return res.end(JSON.stringify({ ok: false, code: "unauthenticated", error: "Sign in to continue." }));
    }
    const after = Number(new URL(req.url!, "http://x").searchParams.get("after"));
    if (req.url!.startsWith("/gone")) {
      res.writeHead(404, { "content-type": "application/json" });
      return res.end(JSON.stringify({ ok: false, code: "not_found", error: "That incident does not exist." }));
    }
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8" });
    res.write("retry: 1000\n\n");
    if (req.url!.startsWith("/fails")) return res.end(`event: error\ndata: {"error":"db down"}\n\n`);
    res.end(`id: ${after + 1}\nevent: timeline\ndata: {"id":"${after + 1}"}\n\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("followEventStream", () => {
  it("resumes after drops from the last id, and gives up with the session-expired error on 401", async () => {
    sessionValid = true;
    seen.length = 0;
    let last = 0;
    let opens = 0;
    const drops: (FetchError | null)[] = [];
    const gaveUp = await new Promise<FetchError>((resolve) => {
      followEventStream({
        url: () => `${base}/events?after=${last}`,
        retryMs: 20,
        onOpen: () => opens++,
        onMessage: (m) => {
          last = Number(m.id);
          if (last === 3) sessionValid = false; // the session expires mid-view
        },
        onDrop: (e) => drops.push(e),
        onGiveUp: resolve,
      });
    });
    expect(gaveUp.status).toBe(401);
    expect(gaveUp.sessionExpired).toBe(true);
    expect(gaveUp.message).toBe(SESSION_EXPIRED_MESSAGE);
    expect(seen).toEqual(["/events?after=0", "/events?after=1", "/events?after=2", "/events?after=3"]);
    expect(opens).toBe(3);
    expect(drops).toEqual([null, null, null]);
    // and it stays given up: no request after the refusal
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toHaveLength(4);
  });

  it("gives up on a stream that is gone (404) with the server's message", async () => {
    sessionValid = true;
    const e = await new Promise<FetchError>((resolve) => {
      followEventStream({ url: () => `${base}/gone`, onMessage: () => {}, onGiveUp: resolve });
    });
    expect([e.status, e.message]).toEqual([404, "That incident does not exist."]);
  });

  it("retries a server failure mid-stream and a refused connection, until stopped", async () => {
    sessionValid = true;
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    for (const url of [`${base}/fails`, `http://127.0.0.1:${deadPort}/events`]) {
      const drops: (FetchError | null)[] = [];
      let gaveUp = false;
      const stop = followEventStream({
        url: () => url,
        retryMs: 10,
        onMessage: () => {},
        onDrop: (e) => drops.push(e),
        onGiveUp: () => (gaveUp = true),
      });
      await expect.poll(() => drops.length).toBeGreaterThanOrEqual(3);
      stop();
      const count = drops.length;
      await new Promise((r) => setTimeout(r, 60));
      expect(drops.length).toBe(count);
      expect(gaveUp).toBe(false);
      if (url.includes(String(deadPort))) expect(drops.every((d) => d?.code === "network")).toBe(true);
    }
  });
});
