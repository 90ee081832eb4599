import { describe, expect, it } from "vitest";
import { AppError, operatorMessageOf, userMessageOf } from "./errors";

describe("error text", () => {
  it("operators read an AppError's words, and another error's message", () => {
    expect(operatorMessageOf(new AppError("invalid", 'Kubernetes context "x" is not in the kubeconfig'))).toBe(
      'Kubernetes context "x" is not in the kubeconfig',
    );
    expect(operatorMessageOf(new Error("connect ECONNREFUSED 127.0.0.1:9090"))).toBe(
      "connect ECONNREFUSED 127.0.0.1:9090",
    );
    expect(operatorMessageOf("plain text")).toBe("plain text");
  });

  it("the browser gets an AppError's words and nothing of anything else", () => {
    expect(userMessageOf(new AppError("forbidden", "Forbidden."))).toBe("Forbidden.");
    expect(userMessageOf(new Error("select * from secrets"))).toBe(
      "Something went wrong on the server. The error was logged.",
    );
  });
});
