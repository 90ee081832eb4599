import { describe, expect, it } from "vitest";
import { beginCapture, logByteLimits, truncateBytes } from "@/lib/rollback/capture";
import type { CallContext } from "@/lib/k8s/call";

describe("log capture bounds", () => {
  it("splits a pod's bytes among its containers and never exceeds the total", () => {
    expect(logByteLimits([1, 2], 1000, 10_000)).toEqual([1000, 500]);
    // 100 pods of 2 containers under a 20 000 byte total: 100 bytes each, 20 000 in all
    const many = logByteLimits(Array(100).fill(2), 1000, 20_000);
    expect(new Set(many)).toEqual(new Set([100]));
    expect(many.reduce((a, l) => a + 2 * l, 0)).toBeLessThanOrEqual(20_000);
    expect(logByteLimits([3], 1000, 2)).toEqual([0]);
    expect(logByteLimits([0, 1], 1000, 10_000)).toEqual([0, 1000]);
  });

  it("cuts text to a byte limit without splitting a character", () => {
    expect(truncateBytes("hello", 10)).toEqual({ text: "hello", truncated: false });
    expect(truncateBytes("hello", 3)).toEqual({ text: "hel", truncated: true });
    const cut = truncateBytes("aé€", 4); // 1 + 2 + 3 bytes: the euro sign does not fit
    expect(cut).toEqual({ text: "aé", truncated: true });
    expect(Buffer.byteLength(cut.text)).toBeLessThanOrEqual(4);
  });
});

describe("beginCapture", () => {
  it("is taken once the object is read, before the pod logs are in", async () => {
    const order: string[] = [];
    let answerLogs = () => {};
    const logsAnswered = new Promise<void>((r) => (answerLogs = r));
    // The client's three calls a Deployment capture makes; the logs answer only when the test says so.
    const kube = {
      server: "https://cluster.test",
      custom: {
        getNamespacedCustomObject: async () => {
          order.push("read deployment");
          return { metadata: { name: "web" }, spec: { selector: { matchLabels: { app: "web" } } } };
        },
      },
      core: {
        listNamespacedPod: async () => {
          order.push("list pods");
          return {
            items: ["a", "b"].map((n) => ({ metadata: { name: `web-${n}` }, spec: { containers: [{ name: "app" }] } })),
          };
        },
        readNamespacedPodLog: async ({ name }: { name: string }) => {
          order.push(`log ${name} sent`);
          await logsAnswered;
          return `lines of ${name}`;
        },
      },
    } as unknown as CallContext["kube"];
    const capture = beginCapture({ kube }, { namespace: "shop", deployment: "web" });
    let done = false;
    void capture.result.then(() => (done = true));
    await capture.taken;
    expect(order[0]).toBe("read deployment");
    expect(done).toBe(false);
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(["read deployment", "list pods", "log web-a sent", "log web-b sent"]);
    expect(done).toBe(false); // the bodies have not come: the result waits for them
    answerLogs();
    const result = await capture.result;
    expect(result.errors).toEqual([]);
    expect(result.artifacts.map((a) => a.name)).toEqual([
      "deployment/web.yaml",
      "logs/web-a/app.log",
      "logs/web-b/app.log",
    ]);
  });
});
