// Where a person was when sign-in interrupted them: the path and query the proxy (proxy.ts) puts on
// every page request, and the one check every callbackUrl goes through before anyone is sent there.

/** The request header proxy.ts sets (overwriting whatever the client sent) to the page's path + query. */
export const REQUEST_PATH_HEADER = "x-rcc-request-path";

const BASE = "http://same-origin.invalid";

/** `v` when it is a path on this site (path + query, no scheme, host or "//"), else undefined. */
export function samePath(v: unknown): string | undefined {
  if (typeof v !== "string" || v.length > 2000 || !/^\/(?![/\\])/.test(v)) return undefined;
  if (/[\u0000-\u001f\u007f\\]/.test(v)) return undefined; // a browser reads "/\host" as "//host"
  try {
    const u = new URL(v, BASE);
    return u.origin === BASE ? `${u.pathname}${u.search}` : undefined;
  } catch {
    return undefined;
  }
}

/** The sign-in page that returns to `here` after signing in (when `here` is a same-site path). */
export function loginPathFor(here: unknown): string {
  const back = samePath(here);
  return back && back !== "/login" && !back.startsWith("/login?")
    ? `/login?callbackUrl=${encodeURIComponent(back)}`
    : "/login";
}
