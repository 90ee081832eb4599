import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER, resolveClientAddress, stampPeerAddress } from "@/lib/auth/resolve-client-address";

const h = (o: Record<string, string>) => new Headers(o);

describe("resolveClientAddress", () => {
  it("without trusted proxies believes no X-Forwarded-For, only the TCP peer", () => {
    const headers = h({ [PEER_ADDRESS_HEADER]: "::ffff:192.0.2.9", "x-forwarded-for": "203.0.113.1" });
    expect(resolveClientAddress(headers, 0)).toBe("192.0.2.9");
  });

  it("with N trusted proxies takes the entry N from the right, never what the client prepended", () => {
    const headers = h({ [PEER_ADDRESS_HEADER]: "10.0.0.5", "x-forwarded-for": "6.6.6.6, 198.51.100.4, 10.0.0.4" });
    expect(resolveClientAddress(headers, 1)).toBe("10.0.0.4");
    expect(resolveClientAddress(headers, 2)).toBe("198.51.100.4");
  });

  it("falls back to the peer when the header has fewer entries than proxies", () => {
    expect(resolveClientAddress(h({ [PEER_ADDRESS_HEADER]: "10.0.0.5" }), 1)).toBe("10.0.0.5");
    expect(resolveClientAddress(h({ [PEER_ADDRESS_HEADER]: "10.0.0.5", "x-forwarded-for": "1.2.3.4" }), 2)).toBe(
      "10.0.0.5",
    );
  });
});

describe("stampPeerAddress", () => {
  it("records the real TCP peer on each request and overwrites a value the client sent", async () => {
    stampPeerAddress();
    stampPeerAddress(); // idempotent
    const server = http.createServer((req, res) => res.end(String(req.headers[PEER_ADDRESS_HEADER])));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_ADDRESS_HEADER]: "6.6.6.6" } });
      expect(await res.text()).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
