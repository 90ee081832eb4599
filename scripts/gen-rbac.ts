/**
 * `npm run gen:rbac`: writes the Helm chart's RBAC rules (charts/rollback-command-center/files/
 * rbac-rules.yaml) from the access table in lib/rollback/access-table.ts. `--check` exits 1 when the
 * committed file differs instead of writing it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { RBAC_RULES_FILE, rbacRulesFile } from "@/lib/rollback/access-table";

const file = path.join(import.meta.dirname, "..", RBAC_RULES_FILE);
const want = rbacRulesFile();
if (process.argv.includes("--check")) {
  let have = "";
  try {
    have = readFileSync(file, "utf8");
  } catch {
    /* missing: differs */
  }
  if (have !== want) {
    console.error(`${RBAC_RULES_FILE} differs from the access table; run: npm run gen:rbac`);
    process.exit(1);
  }
  console.log(`${RBAC_RULES_FILE} is up to date`);
} else {
  writeFileSync(file, want);
  console.log(`wrote ${RBAC_RULES_FILE}`);
}
