// Every section's "Add" defaults are what its schema accepts once the person fills the blanks, and
// the registry covers every section of the strategies schema.
import { describe, expect, it } from "vitest";
import { strategiesSettingsSchema } from "./settings-schema";
import { SECTION_KEYS, SETTINGS_FORMS } from "./settings-forms";
import { errorsUnder } from "./settings-form-types";

const ctx = { name: "shop", namespace: "shop", clusterContext: "prod", deployments: ["web"] };

describe("SETTINGS_FORMS", () => {
  it("has a form for every section of the strategies settings", () => {
    expect([...SECTION_KEYS].sort()).toEqual(Object.keys(strategiesSettingsSchema.shape).sort());
  });

  it("starts blue-green, canary, flags and Helm releases with values the schema accepts", () => {
    for (const k of ["blueGreen", "canary", "flags", "helmReleases"] as const) {
      const r = strategiesSettingsSchema.safeParse({ [k]: SETTINGS_FORMS[k].empty(ctx) });
      expect(r.success, `${k}: ${r.error?.message}`).toBe(true);
    }
  });

  it("starts database and DR blank, so the schema names the fields to fill", () => {
    const r = strategiesSettingsSchema.safeParse({
      database: SETTINGS_FORMS.database.empty(ctx),
      dr: SETTINGS_FORMS.dr.empty(ctx),
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["database.urlEnv", "dr.context"]));
  });
});

describe("errorsUnder", () => {
  it("collects a section's errors with their path inside it", () => {
    expect(
      errorsUnder(
        { "strategies.canary.routeName": ["Required"], "strategies.canary": ["bad"], name: ["x"] },
        "strategies.canary",
      ),
    ).toEqual(["routeName: Required", "bad"]);
  });
});

describe("Helm releases settings", () => {
  it("accept Helm's release names and refuse others (helm's 53-character DNS label rule)", () => {
    expect(SETTINGS_FORMS.helmReleases.empty(ctx)).toEqual(["shop"]);
    expect(strategiesSettingsSchema.safeParse({ helmReleases: ["shop", "shop-worker"] }).success).toBe(true);
    const bad = strategiesSettingsSchema.safeParse({ helmReleases: ["Shop_1", "x".repeat(54)] });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["helmReleases.0", "helmReleases.1"]);
  });
});
