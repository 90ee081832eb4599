// Error shapes as @kubernetes/client-node 1.4 produces them (captured from real calls: node-fetch's
// FetchError for network and TLS failures, ApiException with the apiserver's Status as text).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ApiException, CoreV1Api } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { describeK8sError } from "./describe-k8s-error";
import { kubeconfigSource, loadKubeconfig, type KubeconfigSource } from "./kubeconfig-source";

const source: KubeconfigSource = { kind: "files", files: ["/etc/rcc/kubeconfig"], via: "KUBECONFIG" };
const ctx = { what: 'patch Deployment "web"', server: "https://10.0.0.1:6443", context: "prod", source };

const fetchError = (reason: string, code: string) =>
  Object.assign(new Error(`request to https://10.0.0.1:6443/apis/apps/v1/x failed, reason: ${reason}`), {
    name: "FetchError",
    code,
    errno: code,
    type: "system",
  });
const status = (code: number, reason: string, message: string, details?: object) =>
  new ApiException(
    code,
    "Forbidden",
    JSON.stringify({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message,
      reason,
      details,
      code,
    }),
    { "content-type": "application/json", authorization: "Bearer SECRET-TOKEN" },
  );

describe("describeK8sError", () => {
  it("forbidden: the verb, resource, namespace and user from the Status, and where to grant it", () => {
    const e = status(
      403,
      "Forbidden",
      'deployments.apps "web" is forbidden: User "system:serviceaccount:ops:rcc" cannot patch resource "deployments" in API group "apps" in the namespace "shop"',
      { name: "web", group: "apps", kind: "deployments" },
    );
    const d = describeK8sError(e, ctx);
    expect(d.code).toBe("forbidden");
    expect(d.message).toBe(
      `the cluster's RBAC forbids patch deployments.apps "web" in namespace "shop" for system:serviceaccount:ops:rcc ` +
        `(the dashboard tried to patch Deployment "web" on context "prod"). Grant it in the chart's rbac values ` +
        `(rbac.namespaces, or rbac.clusterWide); a verb the dashboard's table lacks goes in ` +
        `lib/rollback/access-table.ts (npm run gen:rbac), or in the Role bound to system:serviceaccount:ops:rcc.`,
    );
    expect(d.message).not.toContain("SECRET-TOKEN");
  });

  it("forbidden: subresources, the core group, cluster scope and lists", () => {
    const logs = status(
      403,
      "Forbidden",
      'pods "web-1" is forbidden: User "u" cannot get resource "pods/log" in API group "" in the namespace "shop"',
      { name: "web-1", kind: "pods" },
    );
    expect(describeK8sError(logs).message).toMatch(
      /^the cluster's RBAC forbids get pods\/log "web-1" in namespace "shop" for u\. /,
    );
    const ns = status(
      403,
      "Forbidden",
      'namespaces is forbidden: User "u" cannot list resource "namespaces" in API group "" at the cluster scope',
      { kind: "namespaces" },
    );
    expect(describeK8sError(ns).message).toMatch(
      /^the cluster's RBAC forbids list namespaces at cluster scope for u\. /,
    );
  });

  it("a 403 that is not RBAC keeps the apiserver's words", () => {
    const e = status(
      403,
      "Forbidden",
      'deployments.apps "web" is forbidden: unable to create new content in namespace shop because it is being terminated',
    );
    expect(describeK8sError(e, ctx).message).toBe(
      'the cluster refused the request (the dashboard tried to patch Deployment "web" on context "prod"): ' +
        'deployments.apps "web" is forbidden: unable to create new content in namespace shop because it is being terminated',
    );
  });

  it("401: the credentials of the context, never the token", () => {
    const d = describeK8sError(status(401, "Unauthorized", "Unauthorized"), ctx);
    expect(d).toEqual({
      code: "forbidden",
      message:
        `the Kubernetes API server at https://10.0.0.1:6443 rejected the dashboard's credentials (401 Unauthorized) ` +
        `(the dashboard tried to patch Deployment "web" on context "prod"): renew the token or client certificate ` +
        `of context "prod" in KUBECONFIG (/etc/rcc/kubeconfig).`,
    });
  });

  it("a body that is not a Status is never repeated", () => {
    const e = new ApiException(502, "Bad Gateway", "<html>proxy secret=abc</html>", {});
    expect(describeK8sError(e, ctx)).toEqual({
      code: "unavailable",
      message: 'the Kubernetes API server failed (patch Deployment "web"): HTTP 502',
    });
  });

  it("unreachable: refused, DNS, with the server URL and where to fix it", () => {
    expect(describeK8sError(fetchError("connect ECONNREFUSED 10.0.0.1:6443", "ECONNREFUSED"), ctx)).toEqual({
      code: "unavailable",
      message:
        `Kubernetes API server unreachable at https://10.0.0.1:6443: ECONNREFUSED, nothing listens there ` +
        `(the dashboard tried to patch Deployment "web" on context "prod"). Check the server URL of context ` +
        `"prod" in KUBECONFIG (/etc/rcc/kubeconfig), and that the apiserver is up and reachable from the dashboard.`,
    });
    expect(describeK8sError(fetchError("getaddrinfo ENOTFOUND k8s.invalid", "ENOTFOUND"), ctx).message).toMatch(
      /^Kubernetes API server unreachable at https:\/\/10\.0\.0\.1:6443: ENOTFOUND, the host name does not resolve /,
    );
  });

  it("certificate refused: self-signed, wrong host, expired — the kubeconfig's CA is the fix", () => {
    const self = describeK8sError(fetchError("self-signed certificate", "DEPTH_ZERO_SELF_SIGNED_CERT"), ctx);
    expect(self).toEqual({
      code: "unavailable",
      message:
        `the Kubernetes API server at https://10.0.0.1:6443 presented a certificate that is not signed by a CA ` +
        `the kubeconfig trusts (DEPTH_ZERO_SELF_SIGNED_CERT) (the dashboard tried to patch Deployment "web" on ` +
        `context "prod"): fix certificate-authority-data (or the server URL) of the cluster of context "prod" ` +
        `in KUBECONFIG (/etc/rcc/kubeconfig).`,
    });
    const host = fetchError(
      "Hostname/IP does not match certificate's altnames: IP: 10.0.0.1 is not in the cert's list: ",
      "ERR_TLS_CERT_ALTNAME_INVALID",
    );
    expect(describeK8sError(host, ctx).message).toContain("does not name the host in the server URL");
    expect(describeK8sError(fetchError("certificate has expired", "CERT_HAS_EXPIRED"), ctx).message).toContain(
      "presented a certificate that has expired (CERT_HAS_EXPIRED)",
    );
  });

  it("an http:// server in a kubeconfig: client-node's refusal becomes what to change", () => {
    const e = new Error("HTTP protocol is not allowed when skipTLSVerify is not set or false");
    expect(describeK8sError(e, { ...ctx, server: "http://10.0.0.1:8080" })).toEqual({
      code: "invalid",
      message:
        `the cluster of context "prod" in KUBECONFIG (/etc/rcc/kubeconfig) has the plain http:// server ` +
        `http://10.0.0.1:8080 without insecure-skip-tls-verify, which the Kubernetes client refuses (the ` +
        `dashboard tried to patch Deployment "web" on context "prod"): use the apiserver's https:// URL with ` +
        `its certificate-authority-data.`,
    });
  });

  it("no cluster configured: a real call through client-node's fallback says where the dashboard looked", async () => {
    const home = mkdtempSync(path.join(tmpdir(), "rcc-nohome-"));
    const none = kubeconfigSource(undefined, { HOME: home });
    expect(none).toEqual({ kind: "none", home: path.join(home, ".kube", "config") });
    const kc = loadKubeconfig(none);
    const failure = await kc
      .makeApiClient(CoreV1Api)
      .readNamespace({ name: "default" })
      .catch((e: unknown) => e);
    const d = describeK8sError(failure, {
      what: 'read Deployment "web"',
      server: "http://localhost:8080",
      source: none,
    });
    expect(d.code).toBe("unavailable");
    expect(d.message).toBe(
      `no Kubernetes cluster is configured to read Deployment "web": the dashboard looked for KUBECONFIG (not set), ` +
        `${path.join(home, ".kube", "config")} (missing) and the in-cluster service account ` +
        `(/var/run/secrets/kubernetes.io/serviceaccount/token, missing). Point KUBECONFIG at a kubeconfig (the ` +
        `Helm chart runs in-cluster and mounts kubeconfigs.files), then set each service's cluster context in the catalog.`,
    );
    expect(d.message).not.toContain("HTTP protocol");
  });

  it("keeps the apiserver's words for 404/409/422 and aborts", () => {
    expect(describeK8sError(status(404, "NotFound", 'deployments.apps "x" not found'))).toEqual({
      code: "not_found",
      message: 'deployments.apps "x" not found',
    });
    expect(describeK8sError(status(409, "Conflict", "the object has been modified")).code).toBe("conflict");
    expect(describeK8sError(status(422, "Invalid", "spec.replicas: Invalid value")).code).toBe("invalid");
    const abort = Object.assign(new Error("The operation was aborted."), { name: "AbortError" });
    expect(describeK8sError(abort, ctx)).toEqual({
      code: "timeout",
      message: 'the Kubernetes request was aborted (patch Deployment "web")',
    });
  });
});
