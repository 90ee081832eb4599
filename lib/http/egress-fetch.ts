import "server-only";
/**
 * `fetch` for outbound calls, under the egress policy (egress-policy.ts): the name is resolved, every
 * address checked, and the connection pinned to the checked address; redirects are not followed
 * unless asked (`redirect: "follow"`), and then each hop is checked again; the response body is read
 * up to a size limit. Refusals are AppErrors that name the host only (a URL's path or query may hold a
 * token), never the response.
 */
import dns from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { AppError } from "@/lib/errors";
import { parseEgressPolicy, type EgressPolicy } from "@/lib/http/egress-policy";

export interface EgressInit extends RequestInit {
  /** Bytes of response body kept (default 1 MiB); the rest is dropped and the connection closed. */
  maxBytes?: number;
  /** Hops followed when `redirect: "follow"` (default 3). */
  maxRedirects?: number;
  /** Whole-call budget (default 10 s), besides `signal`. */
  timeoutMs?: number;
}

let cached: { spec: string | undefined; policy: EgressPolicy } | null = null;
export function egressPolicy(): EgressPolicy {
  const spec = process.env.RCC_EGRESS_ALLOW;
  if (!cached || cached.spec !== spec) cached = { spec, policy: parseEgressPolicy(spec) };
  return cached.policy;
}

const refused = (host: string, reason: string) =>
  new AppError("forbidden", `The outbound call to ${host} was refused by the egress policy (${reason}).`);

/** The address to connect to, after checking the name and every address it resolves to. */
export async function checkedAddress(url: URL, policy = egressPolicy()): Promise<{ address: string; family: 4 | 6 }> {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw refused(url.protocol, "only http and https");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const byName = policy.checkHost(host);
  if (!byName.allowed) throw refused(host, byName.reason);
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await dns.lookup(host, { all: true, verbatim: true });
    } catch {
      throw new AppError("unavailable", `The name ${host} does not resolve.`);
    }
  }
  for (const a of addresses) {
    const d = policy.checkAddress(host, a.address);
    if (!d.allowed) throw refused(host, d.reason);
  }
  const first = addresses[0];
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

function bodyOf(body: BodyInit | null | undefined): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new AppError("invalid", "This outbound call's body type is not supported.");
}

function once(url: URL, init: EgressInit, pinned: { address: string; family: 4 | 6 }, signal: AbortSignal) {
  const lookup: LookupFunction = (_host, opts, cb) => {
    if (opts.all) (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else cb(null, pinned.address, pinned.family);
  };
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  const body = bodyOf(init.body);
  if (body) headers["content-length"] = String(body.length);
  const maxBytes = init.maxBytes ?? 1 << 20;
  const mod = url.protocol === "https:" ? https : http;
  return new Promise<Response>((resolve, reject) => {
    const req = mod.request(
      url,
      {
        method: init.method ?? "GET",
        headers,
        lookup,
        signal,
        servername: isIP(url.hostname) ? undefined : url.hostname,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          const status = res.statusCode ?? 502;
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(", ") : v);
          const noBody = status === 204 || status === 304 || (init.method ?? "GET").toUpperCase() === "HEAD";
          resolve(
            new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: h }),
          );
        };
        res.on("data", (c: Buffer) => {
          const room = maxBytes - size;
          if (room > 0) chunks.push(c.length > room ? c.subarray(0, room) : c);
          size += c.length;
          // Enough kept: stop reading and close instead of buffering an unbounded body.
          if (size >= maxBytes) {
            res.destroy();
            finish();
          }
        });
        res.on("end", finish);
        res.on("error", (e) => (size >= maxBytes ? undefined : reject(e)));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export async function egressFetch(input: string | URL, init: EgressInit = {}): Promise<Response> {
  const timeout = AbortSignal.timeout(init.timeoutMs ?? 10_000);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  let url = new URL(input);
  const hops = init.redirect === "follow" ? (init.maxRedirects ?? 3) : 0;
  for (let hop = 0; ; hop++) {
    const pinned = await checkedAddress(url);
    let res: Response;
    try {
      res = await once(url, init, pinned, signal);
    } catch (e) {
      // The cause keeps the socket error's code (ECONNREFUSED…) for callers that word it themselves.
      if (signal.aborted) throw new AppError("timeout", `${url.hostname} did not answer in time.`, { cause: e });
      const code = (e as NodeJS.ErrnoException).code ?? "connection failed";
      throw new AppError("unavailable", `${url.hostname} could not be reached (${code}).`, { cause: e });
    }
    const location = res.headers.get("location");
    if (res.status < 300 || res.status >= 400 || !location || hop >= hops) return res;
    url = new URL(location, url);
  }
}
