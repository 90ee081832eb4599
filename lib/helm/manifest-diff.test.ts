import { describe, expect, it } from "vitest";
import { manifestDiff, manifestObjects } from "./manifest-diff";
import { readableLine } from "./run-helm";

const deployment = (image: string, env = "info") => `---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: ${image}
          env:
            - name: LOG_LEVEL
              value: ${env}
`;
const secret = (pw: string) => `---
# Source: web/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: web-db
stringData:
  password: ${pw}
`;
const configMap = `---
# Source: web/templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-extra
  namespace: shop
data:
  k: v
`;

describe("a Helm manifest diff", () => {
  it("keys objects by kind and name (with their namespace when the chart sets one)", () => {
    expect([...manifestObjects(deployment("a") + configMap).keys()]).toEqual([
      "Deployment web",
      "ConfigMap shop/web-extra",
    ]);
  });

  it("lists changed fields per object, and objects the rollback creates or deletes", () => {
    const diff = manifestDiff(deployment("web:v2") + configMap, deployment("web:v1"));
    expect(diff).toEqual([
      { path: "Deployment web spec.template.spec.containers[0].image", before: "web:v2", after: "web:v1" },
      { path: "ConfigMap shop/web-extra", before: "present", after: "deleted by the rollback" },
    ]);
    expect(manifestDiff(deployment("a"), deployment("a") + configMap)).toEqual([
      { path: "ConfigMap shop/web-extra", before: null, after: "created by the rollback" },
    ]);
    expect(manifestDiff(deployment("a"), deployment("a"))).toEqual([]);
  });

  it("never shows a Secret's values or an env value, only that they changed", () => {
    const diff = manifestDiff(deployment("a", "debug") + secret("hunter2"), deployment("a", "info") + secret("s3cret"));
    expect(diff).toEqual([
      {
        path: "Deployment web spec.template.spec.containers[0].env[0].value",
        before: "[redacted]",
        after: "[redacted]",
      },
      { path: "Secret web-db stringData.password (value changed)", before: "[redacted]", after: "[redacted]" },
    ]);
    expect(JSON.stringify(diff)).not.toMatch(/hunter2|s3cret|debug/);
  });
});

describe("helm's log lines", () => {
  it("read as words: slog's level and quotes go, the attributes stay", () => {
    expect(
      readableLine(
        'level=DEBUG msg="waiting for resource" namespace=shop name=web kind=Deployment expectedStatus=Current actualStatus=InProgress',
      ),
    ).toBe(
      "waiting for resource namespace=shop name=web kind=Deployment expectedStatus=Current actualStatus=InProgress",
    );
    expect(readableLine('level=WARN msg="Rollback \\"web\\" failed"')).toBe('WARN: Rollback "web" failed');
    expect(readableLine("Rollback was a success! Happy Helming!")).toBe("Rollback was a success! Happy Helming!");
  });
});
