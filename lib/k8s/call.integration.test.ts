// A Kubernetes call that times out is aborted on the wire: against an apiserver address that
// accepts connections and never answers (a blackholed apiserver), the connection is closed right
// after the deadline; against the real control plane, calls through the same clients still work.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { k8s } from "@/lib/k8s/call";
import { kubeClients, resetKubeClients } from "@/lib/k8s/clients";

const kubeconfig = inject("kubeconfig");

describe("k8s() deadlines", () => {
  let server: net.Server;
  let port: number;
  const sockets: { openedAt: number; closedAt?: number }[] = [];
  let dir: string;

  beforeAll(async () => {
    server = net.createServer((socket) => {
      const s: { openedAt: number; closedAt?: number } = { openedAt: Date.now() };
      sockets.push(s);
      socket.on("data", () => {}); // read the request, never answer
      socket.on("close", () => (s.closedAt = Date.now()));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as net.AddressInfo).port;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "rcc-blackhole-"));
  });
  afterAll(async () => {
    resetKubeClients();
    await new Promise<void>((r) => server.close(() => r()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("aborts the request of a call that timed out, closing its connection", async () => {
    const file = path.join(dir, "kubeconfig");
    fs.writeFileSync(
      file,
      JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "hole", cluster: { server: `http://127.0.0.1:${port}`, "insecure-skip-tls-verify": true } }],
        users: [{ name: "u", user: { token: "t" } }],
        contexts: [{ name: "hole", context: { cluster: "hole", user: "u" } }],
        "current-context": "hole",
      }),
    );
    const kube = kubeClients("hole", file);
    const started = Date.now();
    await expect(
      k8s({ kube, requestTimeoutMs: 300 }, 'read Namespace "x"', () => kube.core.readNamespace({ name: "x" })),
    ).rejects.toMatchObject({ code: "unavailable" });
    expect(Date.now() - started).toBeLessThan(2_000);
    // The connection the request opened is closed by us soon after the deadline, not left open.
    const end = Date.now() + 3_000;
    while (!(sockets.length && sockets.every((s) => s.closedAt)) && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    expect(sockets.length).toBeGreaterThan(0);
    for (const s of sockets) expect(s.closedAt, "connection still open after the deadline").toBeDefined();
  });

  it("a caller's abort cancels the request too", async () => {
    const kube = kubeClients("hole", path.join(dir, "kubeconfig"));
    const before = sockets.length;
    const ac = new AbortController();
    const call = k8s({ kube, signal: ac.signal, requestTimeoutMs: 30_000 }, 'read Namespace "y"', () =>
      kube.core.readNamespace({ name: "y" }),
    );
    const settled = call.then(
      () => null,
      (e: unknown) => e,
    );
    const end = Date.now() + 3_000;
    while (sockets.length === before && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    expect(await settled).toBeInstanceOf(Error);
    const until = Date.now() + 3_000;
    while (!sockets.slice(before).every((s) => s.closedAt) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    expect(sockets.length).toBeGreaterThan(before);
    for (const s of sockets.slice(before)) expect(s.closedAt).toBeDefined();
  });

  it("calls to the real control plane go through the same clients unchanged", async () => {
    const kube = kubeClients(undefined, kubeconfig);
    const ns = await k8s({ kube, requestTimeoutMs: 10_000 }, 'read Namespace "default"', () =>
      kube.core.readNamespace({ name: "default" }),
    );
    expect(ns.metadata?.name).toBe("default");
  });
});
