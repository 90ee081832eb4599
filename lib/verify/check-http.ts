// Checks 2, 3 and 5: the version endpoint, the health endpoints and the service's smoke tests, all
// over real HTTP with a deadline each.
import { versionFromBody } from "./version-sample";
import { httpRequest, HttpCheckError } from "@/lib/verify/http";
import { checkAssertion, type Assertion } from "@/lib/verify/json-path";
import type { Outcome } from "@/lib/verify/check-pods";

type Http = { timeoutMs: number; fetch?: typeof fetch };

const failed = (e: unknown): Outcome => {
  if (e instanceof HttpCheckError) return { status: "failed", reason: e.message };
  throw e;
};

/** "v1.2.3" and "1.2.3" are the same version; an image tag is compared the same way. */
export const normalizeVersion = (v: string) => v.trim().replace(/^v(?=\d)/i, "");

/** The tag of an image reference (`repo/app:1.2@sha256:…` → `1.2`), or undefined. */
export function imageTag(image: string): string | undefined {
  const noDigest = image.split("@")[0];
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > slash ? noDigest.slice(colon + 1) : undefined;
}

export async function checkVersion(url: string, expected: string | undefined, http: Http): Promise<Outcome> {
  try {
    const res = await httpRequest(url, http);
    if (res.status !== 200) return { status: "failed", reason: `HTTP ${res.status} from ${url}` };
    const reported = versionFromBody(res.body);
    if (!expected) return { status: "skipped", reason: `no expected version given; it reports ${reported}` };
    if (normalizeVersion(reported) !== normalizeVersion(expected))
      return { status: "failed", reason: `reports version ${reported}, expected ${expected}` };
    return { status: "passed", reason: null, detail: `reports ${reported}` };
  } catch (e) {
    return failed(e);
  }
}

export async function checkHealth(url: string, http: Http): Promise<Outcome> {
  try {
    const res = await httpRequest(url, http);
    if (res.status !== 200) return { status: "failed", reason: `HTTP ${res.status}, expected 200` };
    return { status: "passed", reason: null, detail: `HTTP 200 in ${res.ms} ms` };
  } catch (e) {
    return failed(e);
  }
}

export type SmokeSpec = {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  expectedStatus: number;
  assertions: Assertion[];
};

export async function checkSmoke(t: SmokeSpec, http: Http): Promise<Outcome> {
  try {
    const res = await httpRequest(t.url, { ...http, method: t.method, headers: t.headers, body: t.body ?? undefined });
    if (res.status !== t.expectedStatus)
      return { status: "failed", reason: `HTTP ${res.status}, expected ${t.expectedStatus}` };
    if (t.assertions.length === 0)
      return { status: "passed", reason: null, detail: `HTTP ${res.status} in ${res.ms} ms` };
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      return { status: "failed", reason: "the response is not JSON, so its assertions cannot hold" };
    }
    const broken = t.assertions.map((a) => checkAssertion(json, a)).filter((x): x is string => x !== null);
    if (broken.length) return { status: "failed", reason: broken.join("; ") };
    return {
      status: "passed",
      reason: null,
      detail: `HTTP ${res.status}, ${t.assertions.length} assertion(s) hold, ${res.ms} ms`,
    };
  } catch (e) {
    return failed(e);
  }
}
