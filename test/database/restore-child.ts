// A dashboard process that runs one table restore, for the fault test that SIGKILLs it mid-stream.
// Arguments: <RCC_SERVICE_* env name> <backup file> <table> <rows in the backup>
import { serviceDb } from "@/lib/database-rollback/connection";
import { restoreTable } from "@/lib/rollback/strategies/db-restore/restore";

const [envName, file, table, rows] = process.argv.slice(2);
const result = await restoreTable(serviceDb(envName), file, table, Number(rows), { lockTimeoutMs: 5_000 });
process.stdout.write(`${JSON.stringify(result)}\n`);
