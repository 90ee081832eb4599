import { ApiException } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { toAppError } from "./errors";

const status = (code: number, message: string) =>
  new ApiException(code, "x", JSON.stringify({ kind: "Status", code, message }), {});

describe("toAppError", () => {
  it("maps apiserver statuses and keeps the server's message", () => {
    expect(toAppError(status(403, 'deployments.apps "web" is forbidden: User "u" cannot patch'))).toMatchObject({
      code: "forbidden",
      userMessage: 'forbidden by the cluster\'s RBAC: deployments.apps "web" is forbidden: User "u" cannot patch',
    });
    expect(toAppError(status(404, 'deployments.apps "x" not found'))).toMatchObject({
      code: "not_found",
      userMessage: 'deployments.apps "x" not found',
    });
    expect(toAppError(status(409, "the object has been modified"))).toMatchObject({ code: "conflict" });
    expect(toAppError(status(422, "spec.replicas: Invalid value"))).toMatchObject({
      code: "invalid",
      userMessage: "spec.replicas: Invalid value",
    });
    expect(toAppError(status(503, "etcd down"))).toMatchObject({ code: "unavailable" });
  });
  it("maps connection and TLS failures to unavailable with the server address", () => {
    const refused = Object.assign(
      new Error("request to https://127.0.0.1:1/x failed, reason: connect ECONNREFUSED 127.0.0.1:1"),
      { code: "ECONNREFUSED", type: "system" },
    );
    expect(toAppError(refused, { server: "https://127.0.0.1:1" })).toMatchObject({
      code: "unavailable",
      userMessage: "Kubernetes API server unreachable at https://127.0.0.1:1: ECONNREFUSED",
    });
    const tls = Object.assign(new Error("self-signed certificate"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    expect(toAppError(tls, { server: "https://k" }).code).toBe("unavailable");
  });
});
