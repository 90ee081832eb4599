/** Asks a service's version endpoint several times and tallies which versions answered. */
import { operatorMessageOf } from "@/lib/errors";
import { sleep, throwIfAborted } from "@/lib/k8s/abort";
import { egressFetch } from "@/lib/http/egress-fetch";

export interface VersionSample {
  url: string;
  /** version → how many answers; "error: …" keys count failed requests. */
  counts: Record<string, number>;
  total: number;
}

/** A version, not a body: a short run of version-like characters (never markup, tokens or HTML). */
function versionText(s: string): string {
  return s.replace(/[^\w.\-+:@/ ]/g, "").slice(0, 64) || "(empty)";
}

/** A version from a body: JSON `{ version }` (or `{ app: { version } }`), else the first line of text. */
export function versionFromBody(body: string): string {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const v = j.version ?? (j.app as Record<string, unknown> | undefined)?.version ?? j.color;
    if (typeof v === "string" || typeof v === "number") return versionText(String(v));
  } catch {
    // plain text
  }
  return versionText(body.trim().split("\n")[0]);
}

export async function sampleVersions(
  url: string,
  opts: { samples?: number; intervalMs?: number; timeoutMs?: number; fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<VersionSample> {
  const doFetch = opts.fetch ?? egressFetch;
  const counts: Record<string, number> = {};
  const n = opts.samples ?? 10;
  for (let i = 0; i < n; i++) {
    throwIfAborted(opts.signal);
    let key: string;
    try {
      const signals = [AbortSignal.timeout(opts.timeoutMs ?? 3000), ...(opts.signal ? [opts.signal] : [])];
      // A fresh connection each time, so a keep-alive socket does not pin every sample to one pod.
      const res = await doFetch(url, {
        signal: AbortSignal.any(signals),
        headers: { connection: "close" },
        cache: "no-store",
        maxBytes: 4096,
      } as RequestInit);
      const body = await res.text();
      key = res.ok ? versionFromBody(body) : `error: HTTP ${res.status}`;
    } catch (e) {
      throwIfAborted(opts.signal);
      key = `error: ${operatorMessageOf(e)}`;
    }
    counts[key] = (counts[key] ?? 0) + 1;
    if (opts.intervalMs && i < n - 1) await sleep(opts.intervalMs, opts.signal);
  }
  return { url, counts, total: n };
}
