import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEgressPolicy } from "./egress-policy";
import { egressFetch } from "./egress-fetch";

describe("egress policy", () => {
  it("refuses link-local and metadata by default, allows the rest", () => {
    const p = parseEgressPolicy(undefined);
    expect(p.checkAddress("x", "169.254.169.254")).toMatchObject({ allowed: false });
    expect(p.checkAddress("x", "::ffff:169.254.169.254")).toMatchObject({ allowed: false });
    expect(p.checkAddress("x", "fe80::1")).toMatchObject({ allowed: false });
    expect(p.checkHost("metadata.google.internal")).toMatchObject({ allowed: false });
    expect(p.checkAddress("x", "10.1.2.3")).toEqual({ allowed: true });
  });

  it("with an allowlist, allows only listed names, suffixes and CIDRs", () => {
    const p = parseEgressPolicy("hooks.slack.com, *.pagerduty.com, 10.20.0.0/16");
    expect(p.checkHost("hooks.slack.com")).toEqual({ allowed: true });
    expect(p.checkHost("events.pagerduty.com")).toEqual({ allowed: true });
    expect(p.checkHost("evil.example")).toMatchObject({ allowed: false });
    expect(p.checkAddress("10.20.3.4", "10.20.3.4")).toEqual({ allowed: true });
    expect(p.checkAddress("10.21.0.1", "10.21.0.1")).toMatchObject({ allowed: false });
    // A listed name resolving to the metadata address is still refused.
    expect(p.checkAddress("hooks.slack.com", "169.254.169.254")).toMatchObject({ allowed: false });
    expect(parseEgressPolicy("169.254.169.254/32").checkAddress("x", "169.254.169.254")).toEqual({ allowed: true });
  });

  it("refuses a malformed allowlist instead of guessing", () => {
    expect(() => parseEgressPolicy("10.0.0.0/40")).toThrow(/CIDR/);
    expect(() => parseEgressPolicy("http://x")).toThrow(/host name/);
  });
});

describe("egressFetch", () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/redirect-metadata")
        return res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      if (req.url === "/redirect-ok") return res.writeHead(302, { location: "/ok" }).end();
      if (req.url === "/big") return res.end("x".repeat(5 << 20));
      res.end(JSON.stringify({ method: req.method, host: req.headers.host }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it("calls an allowed address and returns a Response", async () => {
    const res = await egressFetch(`${base}/ok`, { method: "POST", body: "{}" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ method: "POST" });
  });

  it("does not follow redirects by default, and checks every hop when asked to", async () => {
    expect((await egressFetch(`${base}/redirect-ok`)).status).toBe(302);
    expect((await egressFetch(`${base}/redirect-ok`, { redirect: "follow" })).status).toBe(200);
    await expect(egressFetch(`${base}/redirect-metadata`, { redirect: "follow" })).rejects.toThrow(
      "The outbound call to 169.254.169.254 was refused by the egress policy (a link-local or metadata address).",
    );
  });

  it("refuses an address outside the allowlist before connecting, naming only the host", async () => {
    process.env.RCC_EGRESS_ALLOW = "hooks.slack.com";
    try {
      await expect(egressFetch(`${base}/ok?token=s3cret`)).rejects.toThrow(
        /^The outbound call to 127\.0\.0\.1 was refused[^?]*$/,
      );
    } finally {
      delete process.env.RCC_EGRESS_ALLOW;
    }
  });

  it("reads a body only up to its limit", async () => {
    const res = await egressFetch(`${base}/big`, { maxBytes: 1024 });
    expect((await res.text()).length).toBe(1024);
  });
});
