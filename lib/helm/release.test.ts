import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chooseRevision, decodeReleaseData, decodeReleaseSecret, pendingRevisions, type HelmRevision } from "./release";

const release = (version: number, status = "superseded", extra: object = {}) => ({
  name: "web",
  namespace: "shop",
  version,
  info: { status, description: `rev ${version}` },
  chart: { metadata: { name: "web", version: `0.${version}.0`, appVersion: `${version}.0` } },
  manifest: `---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  v: "${version}"\n`,
  config: { replicas: 2 },
  ...extra,
});

/** What the apiserver returns in `data.release`: base64(helm's base64(gzip(JSON))), as encodeRelease writes it. */
const secretData = (json: object, gzip = true) => {
  const bytes = Buffer.from(JSON.stringify(json));
  const helm = (gzip ? gzipSync(bytes) : bytes).toString("base64");
  return Buffer.from(helm).toString("base64");
};

const secret = (r: ReturnType<typeof release>, over: object = {}) => ({
  metadata: { name: `sh.helm.release.v1.web.v${r.version}`, resourceVersion: "7", labels: { owner: "helm" } },
  type: "helm.sh/release.v1",
  data: { release: secretData(r) },
  ...over,
});

const history = (...versions: number[]): HelmRevision[] =>
  versions.map((v, i) =>
    decodeReleaseSecret(secret(release(v, i === versions.length - 1 ? "deployed" : "superseded"))),
  );

describe("decoding Helm's release Secrets", () => {
  it("reads base64 → base64 → gzip → JSON, and uncompressed records as Helm still does", () => {
    expect(decodeReleaseData(secretData(release(3)))).toMatchObject({ name: "web", version: 3 });
    expect(decodeReleaseData(secretData(release(1), false))).toMatchObject({ version: 1 });
    const rev = decodeReleaseSecret(secret(release(2, "deployed")));
    expect(rev).toMatchObject({
      secretName: "sh.helm.release.v1.web.v2",
      resourceVersion: "7",
      release: {
        name: "web",
        namespace: "shop",
        version: 2,
        info: { status: "deployed" },
        chart: { metadata: { name: "web", version: "0.2.0", appVersion: "2.0" } },
      },
    });
    expect(rev.release.manifest).toContain('v: "2"');
  });

  it("refuses what is not a readable release record, without echoing its contents", () => {
    expect(() => decodeReleaseSecret(secret(release(1), { type: "Opaque" }))).toThrow(/not a Helm release record/);
    expect(() => decodeReleaseSecret(secret(release(1), { data: {} }))).toThrow(/holds no release record/);
    const garbage = Buffer.from("hunter2-not-base64-gzip").toString("base64");
    expect(() => decodeReleaseSecret(secret(release(1), { data: { release: garbage } }))).toThrow(
      /cannot be read from/,
    );
    try {
      decodeReleaseSecret(secret(release(1), { data: { release: garbage } }));
    } catch (e) {
      expect(String((e as Error).message)).not.toContain("hunter2");
    }
    expect(() => decodeReleaseSecret(secret(release(1), { data: { release: secretData({ x: 1 }) } }))).toThrow(
      /without name, version/,
    );
  });
});

describe("revision choice, as helm rollback's prepareRollback", () => {
  it("0 means current − 1, current being the highest revision whatever its order or status", () => {
    const h = history(3, 1, 2);
    const { current, target } = chooseRevision("web", h, 0);
    expect([current.release.version, target.release.version]).toEqual([3, 2]);
    expect(chooseRevision("web", h, 1).target.release.version).toBe(1);
    // Rolling back to the current revision is allowed: helm writes it again as a new revision.
    expect(chooseRevision("web", h, 3).target.release.version).toBe(3);
  });

  it("says helm's words for a missing revision, a negative one and no history", () => {
    expect(() => chooseRevision("web", history(1, 2), 7)).toThrow("release has no 7 version");
    // Revision 1 with no predecessor: helm looks for version 0.
    expect(() => chooseRevision("web", history(1), 0)).toThrow("release has no 0 version");
    // History pruned by --history-max: revision 2 is gone.
    expect(() => chooseRevision("web", history(3, 4), 2)).toThrow("release has no 2 version");
    expect(() => chooseRevision("web", history(1, 2), -1)).toThrow("invalid release revision");
    expect(() => chooseRevision("web", [], 0)).toThrow(/^release: not found/);
  });

  it("finds pending-* revisions", () => {
    const h = [...history(1, 2), decodeReleaseSecret(secret(release(3, "pending-upgrade")))];
    expect(pendingRevisions(h).map((r) => r.release.version)).toEqual([3]);
    expect(pendingRevisions(history(1, 2))).toEqual([]);
  });
});
