// Row counts of every application table: "nothing was written" means this did not change.
import pg from "pg";

export async function rowCounts(databaseUrl: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1",
    );
    const out: Record<string, number> = {};
    for (const { tablename } of tables.rows) {
      const r = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${tablename}"`);
      out[tablename] = Number(r.rows[0].n);
    }
    return out;
  } finally {
    await client.end();
  }
}
