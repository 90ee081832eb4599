import { ApiException } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { httpStatusOf, toAppError } from "./errors";

const status = (code: number, message: string) =>
  new ApiException(code, "x", JSON.stringify({ kind: "Status", code, message }), {});

// The sentences themselves are describe-k8s-error.test.ts's; this checks the AppError wrapping.
describe("toAppError", () => {
  it("maps apiserver statuses to codes, keeps the cause, and the sentence of the classifier", () => {
    const forbidden = status(
      403,
      'deployments.apps "web" is forbidden: User "u" cannot patch resource "deployments" in API group "apps" in the namespace "s"',
    );
    const e = toAppError(forbidden, { what: 'patch Deployment "web"' });
    expect(e).toMatchObject({ code: "forbidden", cause: forbidden });
    expect(e.userMessage).toMatch(/^the cluster's RBAC forbids patch deployments\.apps in namespace "s" for u /);
    expect(toAppError(status(404, 'deployments.apps "x" not found'))).toMatchObject({
      code: "not_found",
      userMessage: 'deployments.apps "x" not found',
    });
    expect(toAppError(status(503, "etcd down"))).toMatchObject({ code: "unavailable" });
    expect(httpStatusOf(toAppError(status(404, "nope")))).toBe(404);
  });
  it("leaves AppErrors as they are", () => {
    const own = new AppError("conflict", "already running");
    expect(toAppError(own)).toBe(own);
  });
  it("maps connection failures to unavailable with the server address", () => {
    const refused = Object.assign(
      new Error("request to https://127.0.0.1:1/x failed, reason: connect ECONNREFUSED 127.0.0.1:1"),
      { code: "ECONNREFUSED", type: "system" },
    );
    const e = toAppError(refused, { server: "https://127.0.0.1:1" });
    expect(e.code).toBe("unavailable");
    expect(e.userMessage).toMatch(/^Kubernetes API server unreachable at https:\/\/127\.0\.0\.1:1: ECONNREFUSED/);
  });
});
