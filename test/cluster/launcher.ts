/**
 * Starts a real, throwaway Kubernetes control plane on loopback: etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler and kwok (fake kubelets), built from Go modules by
 * build.sh. Node built-ins and the `openssl` CLI only.
 *
 *   const cluster = await startCluster({ name: 'dr' });
 *   // ... kubectl --kubeconfig cluster.kubeconfigPath ...
 *   await cluster.stop();
 *
 * Run directly (`npx tsx test/cluster/launcher.ts [name]`) it starts one cluster, prints its
 * kubeconfig path and keeps it up until Ctrl-C.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface Cluster {
  name: string;
  /** https://127.0.0.1:PORT */
  server: string;
  kubeconfigPath: string;
  /** Temp dir holding certs, etcd data, logs and the kubeconfig; removed by stop(). */
  dir: string;
  /** Server version as reported by /version, e.g. v1.36.3. */
  version: string;
  /** The control-plane processes (for benchmarks and debugging). */
  processes: { name: string; pid: number }[];
  /** Milliseconds from startCluster() to ready (nodes Ready, CRDs Established). */
  startupMs: number;
  /** Milliseconds from startCluster() to each start phase. */
  phases: Record<string, number>;
  /**
   * Stops kube-apiserver (SIGTERM, as a rolling control-plane upgrade does), starts it again on the
   * same port and etcd, and resolves once /readyz answers 200. Watches are cut; etcd keeps the data.
   */
  restartApiserver(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Used in the kubeconfig's cluster/context names and the temp dir name. Default "rcc". */
  name?: string;
  /** Number of fake (kwok) nodes. Default 3. */
  nodes?: number;
  /** Taint the fake nodes with kwok.x-k8s.io/node=fake:NoSchedule as kwok's docs do for mixed
   * clusters. Default false: every node here is fake, and a taint would force a toleration onto
   * every workload the tests create. */
  taintNodes?: boolean;
  /** Timeout for the whole start, ms. Default 120000. */
  timeoutMs?: number;
  /** Directory with the binaries, CRDs and kwok stages. Default: what build.sh prints. */
  binDir?: string;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const BUILD_SCRIPT = path.join(HERE, "build.sh");

/** Served CRDs (build.sh says where each comes from). The GitOps ones (Argo CD Application, Flux
 * Kustomization and HelmRelease) are only served: no Argo CD or Flux controller reconciles them. */
export const CRD_FILES = [
  "virtualservice.yaml",
  "httproute.yaml",
  "featureflag.yaml",
  "argocd-application.yaml",
  "flux-kustomization.yaml",
  "flux-helmrelease.yaml",
];
const KWOK_STAGES = [
  "node-initialize.yaml",
  "node-heartbeat-with-lease.yaml",
  "pod-ready.yaml",
  "pod-complete.yaml",
  "pod-delete.yaml",
];
const BINARIES = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"];

/**
 * Returns the directory with the built control plane, building it when missing (build.sh exits
 * in milliseconds when everything is there). RCC_K8S_BIN_DIR overrides; RCC_K8S_NO_BUILD=1 turns
 * a missing build into an error instead of a (long) build.
 */
export function ensureBuilt(): string {
  const override = process.env.RCC_K8S_BIN_DIR;
  if (override) {
    for (const b of BINARIES) {
      if (!existsSync(path.join(override, b))) throw new Error(`RCC_K8S_BIN_DIR=${override} has no ${b}`);
    }
    return override;
  }
  const built = tryBuiltDir();
  if (built) return built;
  if (process.env.RCC_K8S_NO_BUILD === "1") {
    throw new Error(
      `The Kubernetes control plane is not built. Run: bash ${path.relative(process.cwd(), BUILD_SCRIPT)}`,
    );
  }
  process.stderr.write("[cluster] control-plane binaries missing: running build.sh (cold build takes many minutes)\n");
  const build = spawnSync("bash", [BUILD_SCRIPT], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (build.status !== 0) throw new Error(`build.sh failed with exit code ${build.status}; see its output above`);
  return build.stdout.trim().split("\n").pop()!;
}

/** The build directory when everything is built (fast check, never builds), else undefined. */
export function tryBuiltDir(): string | undefined {
  const check = spawnSync("bash", [BUILD_SCRIPT, "--check"], { encoding: "utf8" });
  return check.status === 0 ? check.stdout.trim().split("\n").pop() : undefined;
}

// ---------------------------------------------------------------------------------------------
// Process bookkeeping: everything started is killed on stop(), on exit and on SIGINT/SIGTERM, and
// a detached guardian kills it if this Node process dies without running its handlers (SIGKILL).

interface Live {
  dir: string;
  procs: ChildProcess[];
  guardian?: ChildProcess;
}
const live = new Set<Live>();
let handlersInstalled = false;

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

function killAllSync(): void {
  for (const l of live) {
    for (const p of l.procs) killGroup(p.pid, "SIGKILL");
    killGroup(l.guardian?.pid, "SIGKILL");
    try {
      rmSync(l.dir, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
  live.clear();
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", killAllSync);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = () => {
      killAllSync();
      process.removeListener(sig, onSignal);
      // Nobody else handles it: keep the default behaviour (terminate with that signal).
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

function startGuardian(l: Live): ChildProcess {
  const pgids = l.procs
    .map((p) => p.pid)
    .filter(Boolean)
    .join(" ");
  const script = `
    parent=${process.pid}
    while kill -0 "$parent" 2>/dev/null; do sleep 1; done
    for g in ${pgids}; do kill -TERM -- "-$g" 2>/dev/null; done
    sleep 1
    for g in ${pgids}; do kill -KILL -- "-$g" 2>/dev/null; done
    rm -rf '${l.dir.replace(/'/g, `'\\''`)}'
  `;
  const g = spawn("bash", ["-c", script], { detached: true, stdio: "ignore" });
  g.unref();
  return g;
}

// ---------------------------------------------------------------------------------------------
// Helpers

async function freePorts(n: number): Promise<number[]> {
  // Hold all n listeners at once so one call never returns the same port twice.
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const s = net.createServer();
          s.once("error", reject);
          s.listen(0, "127.0.0.1", () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync("openssl", args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`openssl ${args.join(" ")} failed: ${r.stderr || r.error}`);
}

/** CA, apiserver serving cert, admin client cert (O=system:masters), service-account key pair. */
function makePki(dir: string): void {
  const days = "3650";
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(
    [
      "req",
      "-x509",
      ...ec,
      "-keyout",
      "ca.key",
      "-out",
      "ca.crt",
      "-days",
      days,
      "-subj",
      "/CN=rcc-test-ca",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
    ],
    dir,
  );
  writeFileSync(
    path.join(dir, "server.ext"),
    [
      "basicConstraints=critical,CA:FALSE",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth",
      "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local",
      "",
    ].join("\n"),
  );
  writeFileSync(
    path.join(dir, "client.ext"),
    "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n",
  );
  const sign = (name: string, subj: string, ext: string) => {
    openssl(["req", "-new", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subj], dir);
    openssl(
      [
        "x509",
        "-req",
        "-in",
        `${name}.csr`,
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        `${name}.crt`,
        "-days",
        days,
        "-extfile",
        ext,
      ],
      dir,
    );
  };
  sign("apiserver", "/CN=kube-apiserver", "server.ext");
  sign("admin", "/O=system:masters/CN=rcc-admin", "client.ext");
  openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out", "sa.key"], dir);
  openssl(["pkey", "-in", "sa.key", "-pubout", "-out", "sa.pub"], dir);
}

function kubeconfigYaml(name: string, server: string, dir: string): string {
  const b64 = (f: string) => readFileSync(path.join(dir, f)).toString("base64");
  return `apiVersion: v1
kind: Config
clusters:
- name: ${name}
  cluster:
    server: ${server}
    certificate-authority-data: ${b64("ca.crt")}
users:
- name: ${name}-admin
  user:
    client-certificate-data: ${b64("admin.crt")}
    client-key-data: ${b64("admin.key")}
contexts:
- name: ${name}
  context:
    cluster: ${name}
    user: ${name}-admin
    namespace: default
current-context: ${name}
`;
}

interface ApiResponse {
  status: number;
  body: string;
  json<T = any>(): T;
}

function makeApi(server: string, dir: string) {
  const agent = new https.Agent({
    ca: readFileSync(path.join(dir, "ca.crt")),
    cert: readFileSync(path.join(dir, "admin.crt")),
    key: readFileSync(path.join(dir, "admin.key")),
    keepAlive: true,
  });
  const request = (method: string, p: string, body?: string, contentType = "application/json", timeoutMs = 10_000) =>
    new Promise<ApiResponse>((resolve, reject) => {
      const req = https.request(
        `${server}${p}`,
        {
          method,
          agent,
          timeout: timeoutMs,
          headers: body === undefined ? {} : { "content-type": contentType, "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({ status: res.statusCode ?? 0, body: text, json: () => JSON.parse(text) });
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`timeout ${method} ${p}`)));
      req.on("error", reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  return { request, close: () => agent.destroy() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tail(file: string, lines = 25): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

// ---------------------------------------------------------------------------------------------

export async function startCluster(opts: StartOptions = {}): Promise<Cluster> {
  // Free ports are released before the binaries bind them; in the rare case another process takes
  // one in between, start again on new ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (e) {
      if (attempt >= 3 || !/address already in use/i.test((e as Error).message)) throw e;
    }
  }
}

async function startOnce(opts: StartOptions): Promise<Cluster> {
  const t0 = Date.now();
  const name = (opts.name ?? "rcc").replace(/[^a-z0-9-]/gi, "-").toLowerCase();
  const nodeCount = opts.nodes ?? 3;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const deadline = t0 + timeoutMs;
  const binDir = opts.binDir ?? ensureBuilt();
  const bin = (b: string) => path.join(binDir, b);

  installHandlers();
  const dir = await mkdtemp(path.join(os.tmpdir(), `rcc-k8s-${name}-`));
  const l: Live = { dir, procs: [] };
  live.add(l);
  const logs = path.join(dir, "logs");
  await mkdir(logs);
  await mkdir(path.join(dir, "kwok"));

  const procNames = new Map<ChildProcess, string>();
  let failure: ((e: Error) => void) | undefined;
  const failed = new Promise<never>((_, reject) => (failure = reject));
  failed.catch(() => {});
  let ready = false;
  const run = (procName: string, args: string[], env: Record<string, string> = {}) => {
    const logFile = path.join(logs, `${procName}.log`);
    const out = createWriteStream(logFile);
    const p = spawn(bin(procName), args, {
      cwd: dir,
      detached: true, // own process group: stop() kills the group
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    p.stdout!.pipe(out);
    p.stderr!.pipe(out);
    p.on("exit", (code, signal) => {
      if (!ready)
        failure?.(
          new Error(`${procName} exited (${code ?? signal}) during start of cluster ${name}:\n${tail(logFile)}`),
        );
    });
    p.on("error", (e) => failure?.(new Error(`${procName} failed to start: ${e.message}`)));
    l.procs.push(p);
    procNames.set(p, procName);
    return p;
  };

  const stop = async () => {
    if (!live.has(l)) return;
    ready = true; // exits from here on are expected
    const waits = l.procs.map(
      (p) => new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once("exit", () => r()))),
    );
    for (const p of l.procs) killGroup(p.pid, "SIGTERM");
    const all = Promise.all(waits);
    const grace = await Promise.race([all.then(() => true), sleep(3000).then(() => false)]);
    if (!grace) {
      for (const p of l.procs) killGroup(p.pid, "SIGKILL");
      await Promise.race([all, sleep(3000)]);
    }
    killGroup(l.guardian?.pid, "SIGKILL");
    live.delete(l);
    rmSync(dir, { recursive: true, force: true });
  };

  const phases: Record<string, number> = {};
  const mark = (phase: string) => (phases[phase] = Date.now() - t0);
  try {
    makePki(dir);
    mark("pki");
    const [etcdClient, etcdPeer, apiPort] = await freePorts(3);
    const server = `https://127.0.0.1:${apiPort}`;
    const kubeconfigPath = path.join(dir, "kubeconfig");
    await writeFile(kubeconfigPath, kubeconfigYaml(name, server, dir), { mode: 0o600 });

    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    run("etcd", [
      "--name=default",
      `--data-dir=${path.join(dir, "etcd")}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`,
      "--unsafe-no-fsync=true",
      `--quota-backend-bytes=${512 * 1024 * 1024}`,
      "--snapshot-count=5000",
      "--auto-compaction-mode=periodic",
      "--auto-compaction-retention=5m",
      "--log-level=warn",
    ]);

    const apiserverArgs = [
      `--etcd-servers=${etcdUrl}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      `--secure-port=${apiPort}`,
      `--tls-cert-file=${path.join(dir, "apiserver.crt")}`,
      `--tls-private-key-file=${path.join(dir, "apiserver.key")}`,
      `--client-ca-file=${path.join(dir, "ca.crt")}`,
      `--service-account-key-file=${path.join(dir, "sa.pub")}`,
      `--service-account-signing-key-file=${path.join(dir, "sa.key")}`,
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      "--api-audiences=https://kubernetes.default.svc.cluster.local",
      "--authorization-mode=RBAC",
      "--endpoint-reconciler-type=none",
      "--service-cluster-ip-range=10.0.0.0/24",
      "--allow-privileged=true",
      "--enable-priority-and-fairness=false",
      "--profiling=false",
      `--cert-dir=${path.join(dir, "apiserver-certs")}`,
      "--v=0",
    ];
    let apiserver = run("kube-apiserver", apiserverArgs);

    l.guardian = startGuardian(l);
    // The controllers start once the apiserver is ready: kube-controller-manager gives up after 20 s
    // of a failing /healthz, and on a loaded machine the RBAC bootstrap alone can take longer.
    const startControllers = () => {
      const common = [
        `--kubeconfig=${kubeconfigPath}`,
        "--leader-elect=false",
        "--bind-address=127.0.0.1",
        "--secure-port=0",
      ];
      run("kube-controller-manager", [
        ...common,
        `--service-account-private-key-file=${path.join(dir, "sa.key")}`,
        `--root-ca-file=${path.join(dir, "ca.crt")}`,
        `--cluster-signing-cert-file=${path.join(dir, "ca.crt")}`,
        `--cluster-signing-key-file=${path.join(dir, "ca.key")}`,
        "--use-service-account-credentials=false",
        "--service-cluster-ip-range=10.0.0.0/24",
        "--profiling=false",
        "--v=0",
      ]);
      run("kube-scheduler", [...common, "--profiling=false", "--v=0"]);
      run(
        "kwok",
        [
          `--kubeconfig=${kubeconfigPath}`,
          "--manage-all-nodes=false",
          "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
          "--cidr=10.244.0.0/16",
          "--node-ip=10.1.0.1",
          "--node-lease-duration-seconds=40",
          ...KWOK_STAGES.map((s) => `--config=${path.join(binDir, "kwok-stages", s)}`),
        ],
        { KWOK_WORKDIR: path.join(dir, "kwok") },
      );
      killGroup(l.guardian?.pid, "SIGKILL");
      l.guardian = startGuardian(l); // now for the controllers' process groups too
    };

    const api = makeApi(server, dir);
    const poll = async <T>(what: string, fn: () => Promise<T | undefined>, intervalMs = 100): Promise<T> => {
      let last = "";
      while (Date.now() < deadline) {
        try {
          const v = await fn();
          if (v !== undefined) return v;
        } catch (e) {
          last = (e as Error).message;
        }
        await sleep(intervalMs);
      }
      throw new Error(
        `cluster ${name}: timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (${last})` : ""}`,
      );
    };

    const bootstrap = async () => {
      await poll(
        "kube-apiserver /readyz",
        async () => ((await api.request("GET", "/readyz")).status === 200 ? true : undefined),
        50,
      );
      mark("apiserverReady");
      startControllers();
      const version = (await api.request("GET", "/version")).json().gitVersion as string;

      const createNodes = async () => {
        for (let i = 0; i < nodeCount; i++) {
          const nodeName = `kwok-node-${i}`;
          const node = {
            apiVersion: "v1",
            kind: "Node",
            metadata: {
              name: nodeName,
              annotations: { "node.alpha.kubernetes.io/ttl": "0", "kwok.x-k8s.io/node": "fake" },
              labels: {
                "beta.kubernetes.io/arch": "amd64",
                "beta.kubernetes.io/os": "linux",
                "kubernetes.io/arch": "amd64",
                "kubernetes.io/hostname": nodeName,
                "kubernetes.io/os": "linux",
                "kubernetes.io/role": "agent",
                "node-role.kubernetes.io/agent": "",
                type: "kwok",
              },
            },
            spec: opts.taintNodes
              ? { taints: [{ effect: "NoSchedule", key: "kwok.x-k8s.io/node", value: "fake" }] }
              : {},
            status: {
              allocatable: { cpu: "32", memory: "256Gi", pods: "110" },
              capacity: { cpu: "32", memory: "256Gi", pods: "110" },
              nodeInfo: {
                architecture: "amd64",
                bootID: "",
                containerRuntimeVersion: "",
                kernelVersion: "",
                kubeProxyVersion: "fake",
                kubeletVersion: "fake",
                machineID: "",
                operatingSystem: "linux",
                osImage: "",
                systemUUID: "",
              },
              phase: "Running",
            },
          };
          const r = await api.request("POST", "/api/v1/nodes", JSON.stringify(node));
          if (r.status !== 201 && r.status !== 409) throw new Error(`create node ${nodeName}: ${r.status} ${r.body}`);
        }
      };
      const installCrds = async () => {
        const docs: string[] = [];
        for (const f of CRD_FILES) {
          const text = await readFile(path.join(binDir, "crds", f), "utf8");
          docs.push(
            ...text
              .split(/^---\s*$/m)
              .map((d) => d.trim())
              .filter((d) => /^kind:\s*CustomResourceDefinition/m.test(d)),
          );
        }
        await Promise.all(
          docs.map(async (doc) => {
            // Argo CD's Application CRD is ~400 KB: on a loaded machine its create can take longer
            // than the usual request timeout. A retried create that had landed answers 409 (fine).
            let r: ApiResponse | undefined;
            for (let attempt = 1; !r; attempt++) {
              try {
                r = await api.request(
                  "POST",
                  "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                  doc,
                  "application/yaml",
                  60_000,
                );
              } catch (e) {
                if (attempt >= 3 || !/^timeout /.test((e as Error).message)) throw e;
              }
            }
            if (r.status !== 201 && r.status !== 409) throw new Error(`create CRD: ${r.status} ${r.body}`);
            const crd = r.status === 201 ? r.json().metadata.name : /^  name: (\S+)/m.exec(doc)?.[1];
            // Established, and the resource actually served (so the first kubectl call finds it).
            const obj = await poll(
              `CRD ${crd} Established`,
              async () => {
                const o = (
                  await api.request("GET", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd}`)
                ).json();
                return o.status?.conditions?.some((c: any) => c.type === "Established" && c.status === "True")
                  ? o
                  : undefined;
              },
              50,
            );
            const v = obj.spec.versions.find((x: any) => x.storage)?.name;
            await poll(
              `CRD ${crd} served`,
              async () =>
                (await api.request("GET", `/apis/${obj.spec.group}/${v}/${obj.spec.names.plural}?limit=1`)).status ===
                200
                  ? true
                  : undefined,
              50,
            );
          }),
        );
      };
      const nodesReady = async () =>
        poll(`${nodeCount} nodes Ready`, async () => {
          const items = (await api.request("GET", "/api/v1/nodes?labelSelector=type%3Dkwok")).json().items ?? [];
          const readyCount = items.filter((n: any) =>
            n.status?.conditions?.some((c: any) => c.type === "Ready" && c.status === "True"),
          ).length;
          return readyCount >= nodeCount ? true : undefined;
        });
      const defaultServiceAccount = async () => {
        const started = Date.now();
        await poll("default/default service account", async () => {
          const r = await api.request("GET", "/api/v1/namespaces/default/serviceaccounts/default");
          if (r.status === 200) return true;
          // The controller-manager's serviceaccount controller creates it; create it ourselves only if it is slow.
          if (Date.now() - started > 15_000) {
            const c = await api.request(
              "POST",
              "/api/v1/namespaces/default/serviceaccounts",
              JSON.stringify({ metadata: { name: "default" } }),
            );
            if (c.status === 201 || c.status === 409) return true;
          }
          return undefined;
        });
      };
      await Promise.all([
        createNodes()
          .then(nodesReady)
          .then(() => mark("nodesReady")),
        installCrds().then(() => mark("crdsEstablished")),
        defaultServiceAccount().then(() => mark("defaultServiceAccount")),
      ]);
      return version;
    };

    let version: string;
    try {
      version = await Promise.race([bootstrap(), failed]);
    } finally {
      api.close();
    }
    ready = true;
    const startupMs = Date.now() - t0;
    return {
      name,
      server,
      kubeconfigPath,
      dir,
      version,
      startupMs,
      phases,
      processes: l.procs.map((p) => ({ name: procNames.get(p)!, pid: p.pid! })),
      async restartApiserver() {
        const old = apiserver;
        const exited = new Promise<void>((r) =>
          old.exitCode !== null || old.signalCode !== null ? r() : old.once("exit", () => r()),
        );
        killGroup(old.pid, "SIGTERM");
        if (!(await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]))) {
          killGroup(old.pid, "SIGKILL");
          await exited;
        }
        l.procs.splice(l.procs.indexOf(old), 1);
        apiserver = run("kube-apiserver", apiserverArgs);
        killGroup(l.guardian?.pid, "SIGKILL");
        l.guardian = startGuardian(l);
        const again = makeApi(server, dir);
        const until = Date.now() + timeoutMs;
        try {
          for (;;) {
            const ok = await again.request("GET", "/readyz").then(
              (r) => r.status === 200,
              () => false,
            );
            if (ok) break;
            if (Date.now() > until) throw new Error(`cluster ${name}: kube-apiserver not ready after restart`);
            await sleep(100);
          }
        } finally {
          again.close();
        }
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

// `npx tsx test/cluster/launcher.ts [name]`: keep a cluster up until Ctrl-C (the local sandbox).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const c = await startCluster({ name: process.argv[2] ?? "sandbox" });
  console.log(`cluster ${c.name} (${c.version}) ready in ${c.startupMs} ms at ${c.server}`);
  console.log(`export KUBECONFIG=${c.kubeconfigPath}`);
  console.log("Ctrl-C stops it and removes its files.");
  const shutdown = () => void c.stop().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  setInterval(() => {}, 1 << 30);
}
