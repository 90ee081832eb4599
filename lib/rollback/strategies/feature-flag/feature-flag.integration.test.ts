import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PREVIOUS_STATE_ANNOTATION } from "@/lib/flags/definition";
import { listServiceFlags } from "@/lib/flags/list";
import { apply, createNamespace, deleteNamespace, getJson, recorder, strategyContext } from "@/test/k8s/helpers";
import { kubectl } from "@/test/cluster/kubectl";
import { eventually, startFlagd, type Flagd } from "@/test/flagd/launcher";
import { featureFlag } from "@/lib/rollback/strategies/feature-flag/strategy";
import { checkoutFlags } from "@/test/helm/strategy-fixtures";

const kubeconfig = inject("kubeconfig");
let ns: string;
let flagd: Flagd;
let fileFlagd: Flagd | undefined;
let dir: string;

beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "rcc-flags");
  await apply(kubeconfig, ns, {
    apiVersion: "core.openfeature.dev/v1beta1",
    kind: "FeatureFlag",
    metadata: { name: "shop-flags" },
    spec: { flagSpec: { flags: checkoutFlags } },
  });
  await apply(kubeconfig, ns, {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "shop-flagd" },
    data: { "shop.flagd.json": JSON.stringify({ flags: checkoutFlags }, null, 2) },
  });
  // flagd reads the FeatureFlag straight from the control plane with its kubernetes sync.
  flagd = await startFlagd({ uris: [`core.openfeature.dev/${ns}/shop-flags`], kubeconfig });
  dir = await mkdtemp(path.join(os.tmpdir(), "rcc-flagd-"));
}, 600_000);

afterAll(async () => {
  await flagd?.stop();
  await fileFlagd?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  await deleteNamespace(kubeconfig, ns);
});

describe("feature-flag kill switch (FeatureFlag CR, flagd kubernetes sync)", () => {
  it("flagd serves the flag on, the strategy switches it off (dry-run plan, recorded state), flagd serves off; re-enable brings it back", async () => {
    expect(await flagd.resolveBoolean("new-checkout")).toMatchObject({ value: true, variant: "on", reason: "STATIC" });
    const ctx = strategyContext(kubeconfig, ns);

    const plan = await featureFlag.plan(
      ctx,
      featureFlag.parseParams({ name: "shop-flags", flagKey: "new-checkout", flagdUrl: flagd.url }),
    );
    expect(plan.dryRun).toMatchObject({ ok: true });
    expect(plan.target).toBe(`k8s/${ctx.kube.context}/${ns}/featureflag/shop-flags`);
    expect(plan.diff).toContainEqual({ path: "defaultVariant new-checkout", before: "on", after: "off" });
    expect(plan.data.previousState).toMatchObject({
      state: "ENABLED",
      defaultVariant: "on",
      mode: "default-variant",
      offVariant: "off",
    });
    // The dry run changed nothing.
    const untouched = await getJson(kubeconfig, ns, "featureflag", "shop-flags");
    expect(untouched.spec.flagSpec.flags["new-checkout"].defaultVariant).toBe("on");

    const rec = recorder();
    const res = await featureFlag.execute(ctx, plan, rec.report);
    expect(res.outcome).toBe("succeeded");
    expect(rec.steps.map((s) => `${s.step}:${s.state}`)).toEqual([
      "patch:running",
      "patch:succeeded",
      "flagd:running",
      "flagd:succeeded",
    ]);
    expect(await flagd.resolveBoolean("new-checkout")).toMatchObject({ value: false, variant: "off" });
    expect((await featureFlag.verify(ctx, plan)).every((c) => c.ok)).toBe(true);

    const cr = await getJson(kubeconfig, ns, "featureflag", "shop-flags");
    expect(JSON.parse(cr.metadata.annotations[PREVIOUS_STATE_ANNOTATION])["new-checkout"]).toMatchObject({
      state: "ENABLED",
      defaultVariant: "on",
    });
    const listed = await listServiceFlags(ctx, {
      namespace: ns,
      strategyConfig: { flags: { source: "featureflag-cr", name: "shop-flags" } },
    });
    expect(listed[0].flags.find((f) => f.key === "new-checkout")).toMatchObject({
      defaultVariant: "off",
      value: false,
      killedBy: { defaultVariant: "on" },
    });

    // Disabling again is a no-op that keeps the recorded state.
    const again = await featureFlag.plan(ctx, featureFlag.parseParams({ name: "shop-flags", flagKey: "new-checkout" }));
    expect(again.noop).toMatch(/already off/);

    const back = await featureFlag.plan(
      ctx,
      featureFlag.parseParams({
        name: "shop-flags",
        flagKey: "new-checkout",
        action: "re-enable",
        flagdUrl: flagd.url,
      }),
    );
    expect(back.diff).toContainEqual({ path: "defaultVariant new-checkout", before: "off", after: "on" });
    await featureFlag.execute(ctx, back, recorder().report);
    expect(await flagd.resolveBoolean("new-checkout")).toMatchObject({ value: true, variant: "on" });
    const after = await getJson(kubeconfig, ns, "featureflag", "shop-flags");
    expect(JSON.parse(after.metadata.annotations[PREVIOUS_STATE_ANNOTATION])).toEqual({});
  });

  it("removes targeting while off and restores it exactly; mode=state turns the flag DISABLED", async () => {
    const ctx = strategyContext(kubeconfig, ns);
    expect(await flagd.resolveBoolean("beta-banner", { tier: "beta" })).toMatchObject({
      value: true,
      reason: "TARGETING_MATCH",
    });
    const off = await featureFlag.plan(
      ctx,
      featureFlag.parseParams({
        name: "shop-flags",
        flagKey: "beta-banner",
        offVariant: "hidden",
        flagdUrl: flagd.url,
      }),
    );
    expect(off.diff.map((d) => d.path)).toContain("targeting beta-banner");
    expect(off.dryRun).toMatchObject({ ok: true });
    await featureFlag.execute(ctx, off, recorder().report);
    await eventually(
      () => flagd.resolveBoolean("beta-banner", { tier: "beta" }),
      (e) => e.value === false,
    );
    await featureFlag.execute(
      ctx,
      await featureFlag.plan(
        ctx,
        featureFlag.parseParams({ name: "shop-flags", flagKey: "beta-banner", action: "re-enable" }),
      ),
      recorder().report,
    );
    const cr = await getJson(kubeconfig, ns, "featureflag", "shop-flags");
    expect(cr.spec.flagSpec.flags["beta-banner"]).toEqual(checkoutFlags["beta-banner"]);
    await eventually(
      () => flagd.resolveBoolean("beta-banner", { tier: "beta" }),
      (e) => e.value === true,
    );

    const st = await featureFlag.plan(
      ctx,
      featureFlag.parseParams({ name: "shop-flags", flagKey: "new-checkout", mode: "state", flagdUrl: flagd.url }),
    );
    expect(st.diff).toContainEqual({ path: "state new-checkout", before: "ENABLED", after: "DISABLED" });
    await featureFlag.execute(ctx, st, recorder().report);
    expect(await flagd.resolveBoolean("new-checkout")).toMatchObject({ reason: "DISABLED" });
    await featureFlag.execute(
      ctx,
      await featureFlag.plan(
        ctx,
        featureFlag.parseParams({
          name: "shop-flags",
          flagKey: "new-checkout",
          action: "re-enable",
          flagdUrl: flagd.url,
        }),
      ),
      recorder().report,
    );
    expect(await flagd.resolveBoolean("new-checkout")).toMatchObject({ value: true, reason: "STATIC" });
  });

  it("re-plans once when the object changed after the plan but the flag did not", async () => {
    const ctx = strategyContext(kubeconfig, ns);
    const plan = await featureFlag.plan(ctx, featureFlag.parseParams({ name: "shop-flags", flagKey: "new-checkout" }));
    await kubectl(kubeconfig, ["-n", ns, "label", "featureflag", "shop-flags", "touched=yes"]);
    const rec = recorder();
    await featureFlag.execute(ctx, plan, rec.report);
    expect(rec.steps.map((s) => s.detail).join("\n")).toMatch(/this flag did not; re-reading and retrying once/);
    expect(
      (await getJson(kubeconfig, ns, "featureflag", "shop-flags")).spec.flagSpec.flags["new-checkout"].defaultVariant,
    ).toBe("off");
    await featureFlag.execute(
      ctx,
      await featureFlag.plan(
        ctx,
        featureFlag.parseParams({ name: "shop-flags", flagKey: "new-checkout", action: "re-enable" }),
      ),
      recorder().report,
    );
  });

  it("refuses a plan whose flag was edited after it (the JSON patch test fails), and an unknown flag or re-enable without a record", async () => {
    const ctx = strategyContext(kubeconfig, ns);
    const plan = await featureFlag.plan(ctx, featureFlag.parseParams({ name: "shop-flags", flagKey: "new-checkout" }));
    await apply(kubeconfig, ns, {
      apiVersion: "core.openfeature.dev/v1beta1",
      kind: "FeatureFlag",
      metadata: { name: "shop-flags" },
      spec: {
        flagSpec: {
          flags: {
            ...checkoutFlags,
            "new-checkout": { ...checkoutFlags["new-checkout"], variants: { on: true, off: false, dark: false } },
          },
        },
      },
    });
    const rec = recorder();
    await expect(featureFlag.execute(ctx, plan, rec.report)).rejects.toMatchObject({ code: "conflict" });
    expect(rec.steps.at(-1)).toMatchObject({ step: "patch", state: "failed" });
    await expect(
      featureFlag.plan(ctx, featureFlag.parseParams({ name: "shop-flags", flagKey: "nope" })),
    ).rejects.toMatchObject({ code: "invalid" });
    await expect(
      featureFlag.plan(
        ctx,
        featureFlag.parseParams({ name: "shop-flags", flagKey: "new-checkout", action: "re-enable" }),
      ),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("feature-flag kill switch (flagd ConfigMap, flagd file sync)", () => {
  it("switches a flag off in the ConfigMap's JSON; flagd fed that JSON serves off, then on again", async () => {
    const ctx = strategyContext(kubeconfig, ns);
    const file = path.join(dir, "shop.flagd.json");
    // What the OpenFeature operator / a volume mount does: the ConfigMap's key as flagd's file.
    const syncFile = async () =>
      writeFile(file, (await getJson(kubeconfig, ns, "configmap", "shop-flagd")).data["shop.flagd.json"]);
    await syncFile();
    fileFlagd = await startFlagd({ uris: [file] });
    expect(await fileFlagd.resolveBoolean("new-checkout")).toMatchObject({ value: true });

    const params = { source: "configmap", name: "shop-flagd", flagKey: "new-checkout" };
    const plan = await featureFlag.plan(ctx, featureFlag.parseParams(params));
    expect(plan.dryRun).toMatchObject({ ok: true });
    expect(plan.target).toBe(`k8s/${ctx.kube.context}/${ns}/configmap/shop-flagd`);
    await featureFlag.execute(ctx, plan, recorder().report);
    await syncFile();
    await eventually(
      () => fileFlagd!.resolveBoolean("new-checkout"),
      (e) => e.value === false && e.variant === "off",
    );

    await featureFlag.execute(
      ctx,
      await featureFlag.plan(ctx, featureFlag.parseParams({ ...params, action: "re-enable" })),
      recorder().report,
    );
    await syncFile();
    await eventually(
      () => fileFlagd!.resolveBoolean("new-checkout"),
      (e) => e.value === true,
    );
    const cm = await getJson(kubeconfig, ns, "configmap", "shop-flagd");
    expect(JSON.parse(cm.data["shop.flagd.json"]).flags).toEqual(checkoutFlags);
  });
});
