"use client";
// Import catalog YAML (pasted or from a file): all or nothing; a refusal lists each error with its
// service, field and line.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { importCatalogAction } from "@/lib/actions/import-catalog";
import type { ImportCatalogResult } from "@/lib/services/catalog/import-catalog";
import { Button } from "@/components/ui/button";

export function ImportCatalogForm() {
  const router = useRouter();
  const [yaml, setYaml] = useState("");
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<ImportCatalogResult | { error: string } | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    try {
      const res = await importCatalogAction({ yaml });
      setResult(res.ok ? res.data : { error: res.fieldErrors?.yaml?.join(" ") ?? res.error });
      if (res.ok && res.data.applied) router.refresh();
    } catch {
      setResult({ error: "The catalog could not be imported: the server did not answer." });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-2" aria-label="Import catalog">
      <label htmlFor="catalog-yaml" className="block text-sm font-medium">
        Catalog YAML
      </label>
      <textarea
        id="catalog-yaml"
        rows={8}
        value={yaml}
        onChange={(e) => setYaml(e.target.value)}
        spellCheck={false}
        placeholder={
          "apiVersion: rollback-command-center.io/v1\nkind: ServiceCatalog\nservices:\n  - name: shop\n    …"
        }
        className="block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
      />
      <div className="flex flex-wrap items-center gap-3">
        <label className="text-sm">
          Or upload a file:{" "}
          <input
            type="file"
            accept=".yaml,.yml,text/yaml"
            className="text-sm"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) setYaml(await f.text());
            }}
          />
        </label>
        <Button type="submit" disabled={pending || !yaml.trim()}>
          {pending ? "Importing…" : "Import"}
        </Button>
      </div>
      <ImportResult result={result} />
    </form>
  );
}

function ImportResult({ result }: { result: ImportCatalogResult | { error: string } | null }) {
  if (!result) return null;
  if ("error" in result)
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        {result.error}
      </p>
    );
  if (result.applied)
    return (
      <p role="status" className="text-sm text-green-700 dark:text-green-400">
        Imported: {result.created.length} created, {result.updated.length} updated, {result.unchanged.length} unchanged.
      </p>
    );
  return (
    <div role="alert" className="text-sm text-red-700 dark:text-red-400">
      <p>Nothing was imported:</p>
      <table className="mt-1 w-full text-left text-xs" data-testid="import-errors">
        <thead>
          <tr>
            <th>Line</th>
            <th>Service</th>
            <th>Field</th>
            <th>Problem</th>
          </tr>
        </thead>
        <tbody>
          {result.errors.map((e, i) => (
            <tr key={i} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-0.5 pr-2">{e.line}</td>
              <td className="pr-2">{e.service ?? "—"}</td>
              <td className="pr-2 font-mono">{e.field || "(YAML)"}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
