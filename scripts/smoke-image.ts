// The container image built from ./Dockerfile (test/image/build.sh → localhost/rcc:test), its
// server started from the image's own files, config and user (test/image/image-root.ts: chroot on
// the image's root mounted read-only, as the chart runs it with readOnlyRootFilesystem) against a
// fresh, empty database: it migrates, answers liveness and readiness, serves a page, runs as uid
// 1001, drains on SIGTERM; psql and pg_restore run in the image; its helm is the tests' and runs
// there as 1001, named by the server's RCC_HELM_BIN (smoke-image-helm.ts); no devDependency is in it.
// Run after `bash test/image/build.sh`: npx tsx scripts/smoke-image.ts [image]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { envOf, inImage, mountImage, type MountedImage } from "../test/image/image-root";
import {
  check,
  checkDrain,
  checkMigrationsApplied,
  checkStatusPage,
  emptyDatabase,
  freePort,
  serverEnv,
  startServer,
  waitFor,
  type Server,
} from "./smoke-checks";
import { checkHelm } from "./smoke-image-helm";

const root = path.resolve(import.meta.dirname, "..");
const imageName = process.argv[2] ?? "localhost/rcc:test";
const USER = "1001:1001"; // the chart's runAsUser/runAsGroup
// The chart's emptyDirs; Next's distDir cache reaches the second through the image's symlink.
const WRITABLE = ["/tmp", "/app/.next/cache", "/app/.next/standalone-build/cache"];

function checkConfig(image: MountedImage) {
  const c = image.config;
  check(c.User === USER, `the image runs as ${USER} (USER ${c.User})`);
  check(c.WorkingDir === "/app", "its working directory is /app (the chart's appDir)");
  check(Object.keys(c.ExposedPorts ?? {}).includes("3000/tcp"), "it exposes port 3000 (the chart's containerPort)");
  const argv = [...(c.Entrypoint ?? []), ...(c.Cmd ?? [])];
  check(JSON.stringify(argv) === '["node","server.js"]', "its entrypoint is `node server.js`");
  check(Object.keys(c.Volumes ?? {}).includes("/app/.next/cache"), "it declares /app/.next/cache a volume");
}

function checkContents(image: MountedImage) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  const modules = path.join(image.root, "app/node_modules");
  check(fs.existsSync(path.join(modules, "next/package.json")), "the standalone node_modules is in /app");
  const dev = Object.keys(pkg.devDependencies).filter((d) => fs.existsSync(path.join(modules, d)));
  check(
    dev.length === 0,
    `none of the ${Object.keys(pkg.devDependencies).length} devDependencies is in it${dev.length ? ` (found: ${dev.join(", ")})` : ""}`,
  );
  const leftovers = ["src", "usr/local/lib/node_modules/npm", "usr/local/bin/npm"].filter((p) =>
    fs.existsSync(path.join(image.root, p)),
  );
  check(
    leftovers.length === 0,
    `no build sources, no npm${leftovers.length ? ` (found: /${leftovers.join(", /")})` : ""}`,
  );
  const st = fs.statSync(path.join(image.root, "app/server.js"));
  check(st.uid === 0 && (st.mode & 0o022) === 0, "the app's files belong to root, not writable by the server's user");
}

/** Runs a command in the image as its user; returns its output. */
function runInImage(image: MountedImage, argv: string[], env: Record<string, string>) {
  const { cmd, args, cleanup } = inImage(image, { user: USER, workdir: "/app", env, argv });
  try {
    return spawnSync(cmd, args, { encoding: "utf8", timeout: 30_000 });
  } finally {
    cleanup();
  }
}

function checkPostgresTools(image: MountedImage, url: string, env: Record<string, string>) {
  const q = runInImage(image, ["psql", "-X", "-At", "-d", url, "-c", 'SELECT count(*) FROM "_prisma_migrations"'], env);
  check(q.status === 0 && /^\d+$/m.test(q.stdout), `psql runs in the image as ${USER} and queries the database`);
  // A real custom-format archive made in the image's /tmp (the tmpfs), listed by its pg_restore.
  const dump = `pg_dump -Fc -d '${url}' -t '"_prisma_migrations"' -f /tmp/m.dump && pg_restore --list /tmp/m.dump`;
  const r = runInImage(image, ["sh", "-c", dump], env);
  check(
    r.status === 0 && r.stdout.includes("TABLE DATA public _prisma_migrations"),
    "pg_restore runs in the image and reads a pg_dump archive",
  );
}

function readStatus(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const ids = (k: string) => new RegExp(`^${k}:\\s+(.+)$`, "m").exec(status)?.[1].split(/\s+/);
  return { uid: ids("Uid"), gid: ids("Gid"), exe: fs.readlinkSync(`/proc/${pid}/exe`) };
}

async function main() {
  const t0 = Date.now();
  const db = await emptyDatabase("rcc_image");
  const image = mountImage(imageName);
  let server: Server | undefined;
  let cleanup = () => {};
  try {
    checkConfig(image);
    checkContents(image);

    const port = await freePort();
    const env = { ...envOf(image.config), ...serverEnv(db.url, port) };
    const run = inImage(image, {
      user: USER,
      workdir: image.config.WorkingDir!,
      env,
      argv: ["node", "server.js"],
      writable: WRITABLE,
    });
    cleanup = run.cleanup;
    server = startServer(run.cmd, run.args, { env: { PATH: process.env.PATH }, port });
    await waitFor(server, "/api/health");
    check(
      server.log().includes("probe: root write refused: ") && server.log().includes("Read-only file system"),
      "the image's root filesystem is read-only for the run",
    );
    check(
      WRITABLE.every((d) => server!.log().includes(`probe: ${d} is writable`)),
      `as ${USER}, ${WRITABLE.join(", ")} are writable (tmpfs, like the chart's emptyDirs)`,
    );
    check(true, "the image's `node server.js` started on an empty database; /api/health answers 200");
    const proc = readStatus(server.child.pid!);
    check(
      proc.exe.endsWith("/usr/local/bin/node") &&
        proc.uid?.every((u) => u === "1001") &&
        proc.gid?.every((g) => g === "1001"),
      `the server process (${proc.exe}) runs as uid/gid 1001 (/proc/${server.child.pid}/status: Uid ${proc.uid?.join(" ")}, Gid ${proc.gid?.join(" ")})`,
    );
    check(fs.readlinkSync(`/proc/${server.child.pid}/cwd`).endsWith("/app"), "in the image's /app");

    await checkMigrationsApplied(db.url, path.join(image.root, "app/prisma/migrations"));
    check(server.log().includes("[migrate] applying"), "the image's server applied them on start");
    await waitFor(server, "/api/ready", 15_000);
    check(true, "/api/ready answers 200");
    await checkStatusPage(server);
    checkPostgresTools(image, db.url, envOf(image.config));
    checkHelm(image, (argv, env) => runInImage(image, argv, env), server.child.pid!);
    await checkDrain(server);
    console.log(`[smoke-image] ${imageName}: all checks passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    server?.child.kill("SIGKILL");
    if (server) await server.exited;
    cleanup();
    image.close();
    await db.drop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
