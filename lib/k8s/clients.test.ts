import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetKubeClients, serviceKubeClients } from "./clients";

const kubeconfig = `apiVersion: v1
kind: Config
current-context: prod
clusters:
  - name: prod
    cluster: { server: "https://prod.example:6443" }
  - name: dr
    cluster: { server: "https://dr.example:6443" }
users:
  - name: u
    user: { token: t }
contexts:
  - name: prod
    context: { cluster: prod, user: u }
  - name: dr
    context: { cluster: dr, user: u }
`;

describe("serviceKubeClients", () => {
  const saved = process.env.KUBECONFIG;
  beforeAll(() => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "rcc-kube-")), "config");
    writeFileSync(file, kubeconfig);
    process.env.KUBECONFIG = file;
    resetKubeClients();
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
    resetKubeClients();
  });

  it('"default" (and no context) is the kubeconfig\'s current context', () => {
    expect(serviceKubeClients({ clusterContext: "default" })).toMatchObject({
      context: "prod",
      server: "https://prod.example:6443",
    });
    expect(serviceKubeClients({ clusterContext: "" }).context).toBe("prod");
  });

  it("a named context is that context, and the clients are shared", () => {
    const dr = serviceKubeClients({ clusterContext: "dr" });
    expect(dr).toMatchObject({ context: "dr", server: "https://dr.example:6443" });
    expect(serviceKubeClients({ clusterContext: "dr" })).toBe(dr);
  });

  it("a context the kubeconfig lacks is an invalid-input error that names it", () => {
    expect(() => serviceKubeClients({ clusterContext: "staging" })).toThrow(
      expect.objectContaining({
        code: "invalid",
        userMessage: expect.stringContaining('Kubernetes context "staging" is not in'),
      }),
    );
    expect(() => serviceKubeClients({ clusterContext: "staging" })).toThrow(
      `Kubernetes context "staging" is not in KUBECONFIG (${process.env.KUBECONFIG}); its contexts are "prod", "dr". ` +
        `Set the service's cluster context in the catalog to one of them, or add "staging" to the kubeconfig.`,
    );
  });

  it("KUBECONFIG may list several files: merged, the first one's current context wins (as kubectl)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rcc-kube-list-"));
    const extra = path.join(dir, "extra");
    writeFileSync(
      extra,
      [
        "apiVersion: v1",
        "kind: Config",
        "current-context: stage",
        "clusters: [{ name: stage, cluster: { server: 'https://stage.example:6443' } }]",
        "users: [{ name: u2, user: { token: t2 } }]",
        "contexts: [{ name: stage, context: { cluster: stage, user: u2 } }]",
      ].join("\n"),
    );
    const saved = process.env.KUBECONFIG!;
    process.env.KUBECONFIG = `${saved}${path.delimiter}${extra}`;
    resetKubeClients();
    try {
      expect(serviceKubeClients({ clusterContext: "default" }).context).toBe("prod");
      expect(serviceKubeClients({ clusterContext: "stage" }).server).toBe("https://stage.example:6443");
    } finally {
      process.env.KUBECONFIG = saved;
      resetKubeClients();
    }
  });

  it("a kubeconfig that cannot be read is said in fixed words, naming the file", () => {
    const saved = process.env.KUBECONFIG!;
    process.env.KUBECONFIG = "/nonexistent/rcc/kubeconfig";
    resetKubeClients();
    try {
      expect(() => serviceKubeClients({ clusterContext: "default" })).toThrow(
        "the Kubernetes configuration KUBECONFIG (/nonexistent/rcc/kubeconfig) does not exist: fix the file or the KUBECONFIG variable.",
      );
    } finally {
      process.env.KUBECONFIG = saved;
      resetKubeClients();
    }
  });
});
