// Every outbound caller goes through the one egress policy: each is asked to reach the cloud
// metadata address (what a crafted health URL, webhook or flagd URL would aim at) and must refuse
// before connecting, with a sentence that names only the host.
import { describe, expect, it } from "vitest";
import { evaluateFlag } from "@/lib/flags/flagd";
import { httpRequest } from "@/lib/verify/http";
import { sampleVersions } from "@/lib/verify/version-sample";
import { probeUrl } from "@/lib/services/checks/probe-url";
import { callDnsWebhook, triggerPage } from "@/lib/rollback/strategies/dr-failover/notify";

const METADATA = "http://169.254.169.254/latest/meta-data/iam?token=s3cret";
const REFUSED =
  "The outbound call to 169.254.169.254 was refused by the egress policy (a link-local or metadata address).";

describe("outbound callers under the egress policy", () => {
  it("health/version checks and smoke tests", async () => {
    await expect(httpRequest(METADATA, { timeoutMs: 1000 })).rejects.toThrow(REFUSED);
    const sample = await sampleVersions(METADATA, { samples: 1 });
    expect(Object.keys(sample.counts)).toEqual([`error: ${REFUSED}`]);
  });

  it("flagd, URL probes and the DR hooks", async () => {
    await expect(evaluateFlag(METADATA, "new-checkout", "Boolean")).rejects.toThrow(REFUSED);
    expect((await probeUrl(METADATA)).message).toBe(REFUSED);
    const dns = { service: "web", namespace: "shop", from: "a", to: "b", reason: "r" };
    await expect(callDnsWebhook(METADATA, "tok", dns, "k")).rejects.toThrow(REFUSED);
    await expect(
      triggerPage(METADATA, "key", "d", { summary: "s", source: "x", severity: "critical" }),
    ).rejects.toThrow(REFUSED);
  });
});
