import { describe, expect, it } from "vitest";
import { blankSettings, settingsForEditor } from "./editor-settings";

describe("settingsForEditor", () => {
  it("opens a blank service with the schema's defaults and no name", () => {
    const s = blankSettings();
    expect(s.name).toBe("");
    expect(s.triggerPolicy).toBe("notify");
    expect(s.triggerConfig.errorRate.threshold).toBe(0.05);
    expect(s.strategies).toEqual({});
  });

  it("completes a discovery proposal with defaults", () => {
    const s = settingsForEditor({ name: "shop", namespace: "shop-ns", clusterContext: "prod", deployments: ["web"] });
    expect(s).toMatchObject({ name: "shop", namespace: "shop-ns", clusterContext: "prod", deployments: ["web"] });
    expect(s.rolloutTimeoutSec).toBe(300);
  });

  it("keeps what it can of a proposal the schema refuses, so the form shows it", () => {
    const s = settingsForEditor({ name: "Not A Label", namespace: "shop", deployments: ["web"] });
    expect(s.name).toBe("Not A Label");
    expect(s.namespace).toBe("shop");
    expect(s.deployments).toEqual(["web"]);
    expect(s.promQueries).toEqual({});
  });
});
