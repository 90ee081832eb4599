// The image's helm (Dockerfile: the helm stage's binary at /usr/local/bin/helm, ENV RCC_HELM_BIN),
// checked from the image's own files: it is the helm the tests use (test/helm/build.sh), owned by
// root, and runs as the server's user on the read-only root with HOME and helm's state under /tmp,
// as lib/helm/run-helm.ts runs it; the running server's environment names it, and the name resolves
// in the image the way run-helm's helmBinary() resolves it (RCC_HELM_BIN, else `helm` on PATH).
import { createHash } from "node:crypto";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { envOf, type MountedImage } from "../test/image/image-root";
import { check } from "./smoke-checks";

const HELM = "/usr/local/bin/helm";
type Run = (argv: string[], env: Record<string, string>) => SpawnSyncReturns<string>;

/** What the command printed, without the probe lines image-root's script prints before it. */
const output = (r: SpawnSyncReturns<string>) =>
  r.stdout
    .split("\n")
    .filter((l) => l && !l.startsWith("probe: "))
    .join("\n");

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** What runHelm gives helm besides the kubeconfig: HOME and private state dirs (here under /tmp). */
const helmEnv = (base: Record<string, string>) => ({
  ...base,
  HELM_CACHE_HOME: "/tmp/helm/cache",
  HELM_CONFIG_HOME: "/tmp/helm/config",
  HELM_DATA_HOME: "/tmp/helm/data",
  KUBECACHEDIR: "/tmp/helm/kube-cache",
});

// A one-template chart, rendered by `helm template` (no cluster): helm's engine works in the image.
const TEMPLATE_CHART = `
mkdir -p /tmp/chart/templates
printf 'apiVersion: v2\\nname: probe\\nversion: 0.1.0\\n' > /tmp/chart/Chart.yaml
printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: {{ .Release.Name }}-probe\\n' > /tmp/chart/templates/cm.yaml
exec "$RCC_HELM_BIN" template smoke /tmp/chart
`;

export function checkHelm(image: MountedImage, run: Run, serverPid: number) {
  const env = envOf(image.config);
  check(env.RCC_HELM_BIN === HELM, `the image's ENV sets RCC_HELM_BIN=${HELM} (found: ${env.RCC_HELM_BIN})`);
  const file = path.join(image.root, HELM);
  const st = fs.statSync(file);
  check(
    st.isFile() && st.uid === 0 && (st.mode & 0o111) === 0o111 && (st.mode & 0o022) === 0,
    `${HELM} is an executable owned by root, not writable by the server's user (mode ${(st.mode & 0o777).toString(8)})`,
  );
  const built = spawnSync("bash", [path.join(import.meta.dirname, "../test/helm/build.sh"), "--check"], {
    encoding: "utf8",
  });
  check(built.status === 0, "the tests' helm is built (test/helm/build.sh --check)");
  const tests = built.stdout.trim().split("\n").pop()!;
  check(
    sha256(file) === sha256(tests),
    `the image's helm is the tests' (${tests}, sha256 ${sha256(tests).slice(0, 12)})`,
  );

  const v = run([HELM, "version", "--template", "{{.Version}}"], helmEnv(env));
  check(
    v.status === 0 && /^v4\.\d+\.\d+/.test(output(v)),
    `\`helm version\` runs in the image as 1001:1001: ${output(v) || v.stderr.trim()}`,
  );
  const t = run(["sh", "-c", TEMPLATE_CHART], helmEnv(env));
  check(
    t.status === 0 && t.stdout.includes("name: smoke-probe"),
    `\`helm template\` renders a chart in the image's /tmp${t.status === 0 ? "" : `: ${t.stderr.trim()}`}`,
  );

  // The server's own environment (as the image's ENV gave it), and what helmBinary() makes of it there.
  const environ = Object.fromEntries(
    fs
      .readFileSync(`/proc/${serverPid}/environ`, "utf8")
      .split("\0")
      .filter(Boolean)
      .map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]),
  );
  check(environ.RCC_HELM_BIN === HELM, `the running server's environment has RCC_HELM_BIN=${HELM}`);
  const which = run(["sh", "-c", 'command -v "${RCC_HELM_BIN:-helm}"; command -v helm'], {
    PATH: environ.PATH,
    RCC_HELM_BIN: environ.RCC_HELM_BIN,
  });
  check(
    which.status === 0 && output(which) === `${HELM}\n${HELM}`,
    `with the server's PATH, RCC_HELM_BIN and plain \`helm\` both resolve to ${HELM} in the image`,
  );
}
