/**
 * The Helm chart with the real helm (built from its Go module): lint, what `helm template` renders
 * for the default values and the clusterWide/ingress/existingSecret variants, and `helm install`
 * into the test control plane, whose apiserver then answers for the chart's ServiceAccount exactly
 * what the access table (lib/rollback/access-table.ts) declares. kwok's nodes run no containers, so
 * the pods are fake: this checks the objects, the RBAC and the probes' wiring, not the app.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { policyRules, type PolicyRule } from "@/lib/rollback/access-table";
import { kubectl, kubectlJson, kubectlRaw } from "@/test/cluster/kubectl";
import { createNamespace, deleteNamespace } from "@/test/k8s/helpers";
import { CHART_DIR, CHART_REQUIRED_VALUES, helm, helmRaw, serviceAccountKubeconfig } from "./helm";

const kubeconfig = inject("kubeconfig");
let home = "";
const REQUIRED = CHART_REQUIRED_VALUES;

type Obj = { kind: string; metadata: { name: string; namespace?: string }; [k: string]: any };
async function render(...args: string[]): Promise<Obj[]> {
  const out = await helm(["template", "rcc", CHART_DIR, "--namespace", "ops", ...REQUIRED, ...args], { home });
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
}
const ofKind = (objs: Obj[], kind: string) => objs.filter((o) => o.kind === kind);
const one = (objs: Obj[], kind: string) => {
  const all = ofKind(objs, kind);
  expect(all, `one ${kind}`).toHaveLength(1);
  return all[0];
};
const container = (objs: Obj[]) => one(objs, "Deployment").spec.template.spec.containers[0];
const envOf = (objs: Obj[]) =>
  Object.fromEntries(container(objs).env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
const key = (r: PolicyRule) => JSON.stringify([r.apiGroups, r.resources, r.verbs]);
const sorted = (rules: PolicyRule[]) => rules.map(key).sort();
/** What rules grant (RBAC is a union: a switch's rules may repeat a resource with more verbs). */
const granted = (rules: PolicyRule[]) => {
  const out: Record<string, string[]> = {};
  for (const r of rules)
    for (const g of r.apiGroups)
      for (const res of r.resources)
        out[`${g}/${res}`] = [...new Set([...(out[`${g}/${res}`] ?? []), ...r.verbs])].sort();
  return out;
};

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), "rcc-helm-"));
});
afterAll(async () => {
  if (home) await rm(home, { recursive: true, force: true });
});

describe("helm lint and template", () => {
  it("lints clean with the required values, and refuses to render without a database URL", async () => {
    const lint = await helmRaw(["lint", "--strict", CHART_DIR, ...REQUIRED], { home });
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);
    expect(lint.stdout).toContain("0 chart(s) failed");
    const missing = await helmRaw(["template", "rcc", CHART_DIR, "--set", "auth.secret=x"], { home });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("database.url or database.existingSecret is required");
  });

  it("renders two replicas, a PDB, probes, a locked-down securityContext and namespaced Roles by default", async () => {
    const objs = await render();
    const dep = one(objs, "Deployment");
    expect(dep.spec.replicas).toBeGreaterThanOrEqual(2);
    const pdb = one(objs, "PodDisruptionBudget");
    expect(pdb.spec.minAvailable).toBe(1);
    expect(pdb.spec.selector.matchLabels).toEqual(dep.spec.selector.matchLabels);
    expect(dep.spec.template.metadata.labels).toMatchObject(dep.spec.selector.matchLabels);
    expect(one(objs, "Service").spec.selector).toEqual(dep.spec.selector.matchLabels);
    expect(ofKind(objs, "Ingress")).toHaveLength(0);

    const c = container(objs);
    expect(c.ports).toEqual([{ name: "http", containerPort: 3000, protocol: "TCP" }]);
    expect(c.livenessProbe.httpGet).toEqual({ path: "/api/health", port: "http" });
    expect(c.readinessProbe.httpGet).toEqual({ path: "/api/ready", port: "http" });
    expect(c.startupProbe.httpGet.path).toBe("/api/health");
    expect(c.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(dep.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(c.resources.requests).toBeDefined();
    const volumes = Object.fromEntries(dep.spec.template.spec.volumes.map((v: any) => [v.name, v]));
    const mounts = Object.fromEntries(c.volumeMounts.map((m: any) => [m.mountPath, m.name]));
    expect(volumes[mounts["/tmp"]].emptyDir).toEqual({});
    expect(volumes[mounts["/app/.next/cache"]].emptyDir).toEqual({});

    const env = envOf(objs);
    const secret = one(objs, "Secret");
    expect(env.DATABASE_URL).toEqual({ secretKeyRef: { name: secret.metadata.name, key: "DATABASE_URL" } });
    expect(env.AUTH_SECRET).toEqual({ secretKeyRef: { name: secret.metadata.name, key: "AUTH_SECRET" } });
    expect(Object.keys(secret.stringData).sort()).toEqual(["AUTH_SECRET", "DATABASE_URL"]);
    expect(env.KUBECONFIG).toBe("/etc/rollback-command-center/in-cluster/kubeconfig");
    expect(env.RCC_EGRESS_ALLOW).toBeUndefined();

    const role = one(objs, "Role");
    expect(role.metadata.namespace).toBe("ops");
    expect(role.rules).toEqual(policyRules("namespaced"));
    const binding = one(objs, "RoleBinding");
    const sa = one(objs, "ServiceAccount");
    expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name });
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: sa.metadata.name, namespace: "ops" }]);
    expect(dep.spec.template.spec.serviceAccountName).toBe(sa.metadata.name);
    expect(ofKind(objs, "ClusterRole")).toHaveLength(0);
    expect(ofKind(objs, "ClusterRoleBinding")).toHaveLength(0);
    expect(JSON.stringify(role.rules)).not.toContain("*");
    expect(role.rules.some((r: PolicyRule) => r.resources.includes("secrets"))).toBe(false);
  });

  it("puts a Role into each listed namespace, and secrets only with rbac.helmReleases", async () => {
    const objs = await render("--set", "rbac.namespaces={shop,payments}");
    expect(ofKind(objs, "Role").map((r) => r.metadata.namespace)).toEqual(["shop", "payments"]);
    for (const b of ofKind(objs, "RoleBinding")) expect(b.subjects[0].namespace).toBe("ops");
    const withHelm = one(await render("--set", "rbac.helmReleases=true"), "Role");
    expect(granted(withHelm.rules)).toEqual(granted(policyRules("namespaced", { helmReleases: true })));
    const secrets = withHelm.rules.find((r: PolicyRule) => r.resources.includes("secrets"));
    expect(secrets?.verbs).toEqual(expect.arrayContaining(["get", "list", "create", "update", "delete"]));
  });

  it("renders a ClusterRole bound cluster-wide with rbac.clusterWide", async () => {
    const objs = await render("--set", "rbac.clusterWide=true");
    expect(ofKind(objs, "Role")).toHaveLength(0);
    const cr = one(objs, "ClusterRole");
    expect(cr.rules).toEqual(policyRules("cluster"));
    expect(JSON.stringify(cr.rules)).not.toContain("*");
    const crb = one(objs, "ClusterRoleBinding");
    expect(crb.roleRef.name).toBe(cr.metadata.name);
    expect(crb.subjects[0]).toMatchObject({ kind: "ServiceAccount", namespace: "ops" });
  });

  it("renders the Ingress when enabled, pointing at the Service's http port", async () => {
    const objs = await render(
      "--set",
      "ingress.enabled=true",
      "--set",
      "ingress.className=nginx",
      "--set",
      "ingress.hosts[0].host=rcc.example.com",
      "--set",
      "ingress.hosts[0].paths[0].path=/",
      "--set",
      "ingress.hosts[0].paths[0].pathType=Prefix",
    );
    const ing = one(objs, "Ingress");
    expect(ing.spec.ingressClassName).toBe("nginx");
    expect(ing.spec.rules[0].host).toBe("rcc.example.com");
    expect(ing.spec.rules[0].http.paths[0].backend.service).toEqual({
      name: one(objs, "Service").metadata.name,
      port: { name: "http" },
    });
  });

  it("reads every secret from existing Secrets when told, and renders no Secret of its own", async () => {
    const objs = await render(
      "--set",
      "database.url=",
      "--set",
      "auth.secret=",
      "--set",
      "database.existingSecret=db",
      "--set",
      "database.existingSecretKey=url",
      "--set",
      "auth.existingSecret=auth",
      "--set",
      "oidc.enabled=true",
      "--set",
      "oidc.issuer=https://idp.example.com",
      "--set",
      "oidc.clientId=rcc",
      "--set",
      "oidc.existingSecret=oidc",
      "--set-string",
      "oidc.groupRoles=g\\, sre\\, role:commander",
    );
    expect(ofKind(objs, "Secret")).toHaveLength(0);
    const env = envOf(objs);
    expect(env.DATABASE_URL).toEqual({ secretKeyRef: { name: "db", key: "url" } });
    expect(env.AUTH_SECRET).toEqual({ secretKeyRef: { name: "auth", key: "AUTH_SECRET" } });
    expect(env.AUTH_OIDC_CLIENT_SECRET).toEqual({ secretKeyRef: { name: "oidc", key: "AUTH_OIDC_CLIENT_SECRET" } });
    expect(env.AUTH_OIDC_ISSUER).toBe("https://idp.example.com");
    expect(env.RCC_OIDC_GROUP_ROLES_FILE).toBe("/etc/rollback-command-center/rbac/policy.csv");
    expect(one(objs, "ConfigMap").data["policy.csv"]).toContain("g, sre, role:commander");
  });

  it("mounts the catalog, the extra kubeconfigs (merged into KUBECONFIG) and sets the egress allowlist", async () => {
    const dir = await mkdtemp(path.join(home, "values-"));
    const values = path.join(dir, "values.yaml");
    await writeFile(
      values,
      [
        "catalog:",
        "  content: |",
        "    services:",
        "      - name: shop",
        "kubeconfigs:",
        "  files:",
        "    dr: |",
        "      apiVersion: v1",
        "      kind: Config",
        "egress:",
        "  allow: [hooks.slack.com, '*.statuspage.io', 10.0.0.0/8]",
        "prometheus:",
        "  url: http://prometheus.monitoring:9090",
      ].join("\n"),
    );
    const objs = await render("-f", values);
    const env = envOf(objs);
    expect(env.RCC_EGRESS_ALLOW).toBe("hooks.slack.com,*.statuspage.io,10.0.0.0/8");
    expect(env.PROMETHEUS_URL).toBe("http://prometheus.monitoring:9090");
    expect(env.KUBECONFIG).toBe(
      "/etc/rollback-command-center/in-cluster/kubeconfig:/etc/rollback-command-center/kubeconfigs/dr",
    );
    expect(env.RCC_CATALOG).toBe("/etc/rollback-command-center/catalog/catalog.yaml");
    expect(one(objs, "ConfigMap").data["catalog.yaml"]).toContain("name: shop");
    const kc = ofKind(objs, "Secret").find((s) => s.metadata.name.endsWith("-kubeconfigs"));
    expect(kc?.stringData.dr).toContain("kind: Config");
    const mounts = container(objs).volumeMounts.map((m: any) => m.mountPath);
    expect(mounts).toEqual(
      expect.arrayContaining(["/etc/rollback-command-center/catalog", "/etc/rollback-command-center/kubeconfigs"]),
    );
  });
});

describe("helm install into the test control plane", () => {
  let ns = "";
  let other = "";
  let sa = "";
  let asSa = "";
  const canI = async (verb: string, resource: string, opts: { ns?: string; sub?: string } = {}) => {
    const args = ["auth", "can-i", verb, resource, ...(opts.sub ? [`--subresource=${opts.sub}`] : [])];
    const r = await kubectlRaw(asSa, [
      ...args,
      ...(opts.ns === undefined ? ["-n", ns] : opts.ns ? ["-n", opts.ns] : []),
    ]);
    return r.stdout.trim();
  };

  beforeAll(async () => {
    ns = await createNamespace(kubeconfig, "rcc-helm");
    other = await createNamespace(kubeconfig, "rcc-helm-other");
    await helm(["install", "rcc", CHART_DIR, "--namespace", ns, ...REQUIRED], { home, kubeconfig });
    sa = (await kubectlJson<any>(kubeconfig, ["-n", ns, "get", "deployment", "rcc-rollback-command-center"])).spec
      .template.spec.serviceAccountName;
    // `kubectl auth can-i` as the chart's ServiceAccount, with a token from the TokenRequest API.
    asSa = await serviceAccountKubeconfig(kubeconfig, { namespace: ns, serviceAccount: sa, dir: home });
  });
  afterAll(async () => {
    if (ns) await helmRaw(["uninstall", "rcc", "--namespace", ns], { home, kubeconfig });
    for (const n of [ns, other]) if (n) await deleteNamespace(kubeconfig, n);
  });

  it("creates the chart's objects (the pods are kwok's fake pods: no container runs)", async () => {
    const names = async (kind: string) =>
      (await kubectlJson<any>(kubeconfig, ["-n", ns, "get", kind])).items.map((i: any) => i.metadata.name);
    const name = "rcc-rollback-command-center";
    for (const kind of ["deployment", "service", "poddisruptionbudget", "role", "rolebinding", "configmap", "secret"])
      expect(await names(kind), kind).toContain(name);
    expect(await names("serviceaccount")).toContain(sa);
    const dep = await kubectlJson<any>(kubeconfig, ["-n", ns, "get", "deployment", name]);
    expect(dep.spec.replicas).toBe(2);
    const c = dep.spec.template.spec.containers[0];
    expect([c.livenessProbe.httpGet.path, c.readinessProbe.httpGet.path]).toEqual(["/api/health", "/api/ready"]);
    const role = await kubectlJson<any>(kubeconfig, ["-n", ns, "get", "role", name]);
    expect(role.rules).toEqual(policyRules("namespaced"));
    const release = await helm(["status", "rcc", "--namespace", ns, "-o", "json"], { home, kubeconfig });
    expect(JSON.parse(release).info.status).toBe("deployed");
  });

  it("lets the ServiceAccount do every verb of the table in its namespace", async () => {
    for (const rule of policyRules("namespaced"))
      for (const verb of rule.verbs) {
        const [res, sub] = rule.resources[0].split("/");
        const resource = rule.apiGroups[0] ? `${res}.${rule.apiGroups[0]}` : res;
        expect(await canI(verb, resource, { sub }), `${verb} ${rule.resources[0]}`).toBe("yes");
      }
  });

  it("refuses it everything else: secrets, deleting namespaces, pods, other namespaces, *", async () => {
    expect(await canI("get", "secrets")).toBe("no");
    expect(await canI("list", "secrets")).toBe("no");
    expect(await canI("delete", "namespaces", { ns: "" })).toBe("no");
    expect(await canI("list", "namespaces", { ns: "" })).toBe("no");
    expect(await canI("delete", "pods")).toBe("no");
    expect(await canI("create", "pods", { sub: "exec" })).toBe("no");
    expect(await canI("patch", "deployments.apps", { ns: other })).toBe("no");
    expect(await canI("get", "deployments.apps", { ns: other })).toBe("no");
    expect(await canI("*", "*")).toBe("no");
    expect(await canI("update", "roles.rbac.authorization.k8s.io")).toBe("no");
  });

  it("shows nothing beyond the declared table in `kubectl auth can-i --list`", async () => {
    const out = await kubectl(asSa, ["auth", "can-i", "--list", "-n", ns]);
    // Every identity may review itself (system:basic-user); the rest must come from the table.
    const defaults = [
      "selfsubjectaccessreviews.authorization.k8s.io",
      "selfsubjectrulesreviews.authorization.k8s.io",
      "selfsubjectreviews.authentication.k8s.io",
    ];
    const declared = new Map(
      policyRules("namespaced").map((r) => {
        const [res, sub] = r.resources[0].split("/");
        const name = `${res}${sub ? `/${sub}` : ""}${r.apiGroups[0] ? `.${r.apiGroups[0]}` : ""}`;
        return [name, r.verbs];
      }),
    );
    const seen = new Set<string>();
    for (const line of out.split("\n").slice(1)) {
      const m = /^(\S+)\s+.*\[([^\]]*)\]\s*$/.exec(line.trim());
      if (!m || m[1].startsWith("[")) continue; // non-resource URLs (discovery, /healthz …)
      const [resource, verbs] = [m[1], m[2].split(/\s+/).filter(Boolean)];
      if (defaults.includes(resource)) continue;
      expect(declared.has(resource), `${resource} [${verbs.join(" ")}] is not in the table`).toBe(true);
      expect(
        verbs.every((v) => declared.get(resource)!.includes(v)),
        `${resource} [${verbs.join(" ")}]`,
      ).toBe(true);
      seen.add(resource);
    }
    expect([...seen].sort()).toEqual([...declared.keys()].sort());
  });
});
