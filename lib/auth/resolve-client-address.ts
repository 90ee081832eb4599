// The client address the sign-in throttle counts per. Next gives app code no socket address: it only
// fills X-Forwarded-For with the peer's address when the client sent none, so that header alone is
// whatever the client says. Hence two sources:
// - the TCP peer, stamped onto every request as PEER_ADDRESS_HEADER by stampPeerAddress() (called from
//   instrumentation.ts), overwriting any value a client sent under that name;
// - X-Forwarded-For, believed only as far as RCC_TRUSTED_PROXY_HOPS says (lib/env.ts): with N proxies
//   that each append the address they saw, the entry N from the right is the client's.
import http from "node:http";

export const PEER_ADDRESS_HEADER = "x-rcc-peer-address";

const stamped = Symbol.for("rcc.peer-address-stamped");

/** Makes every Node HTTP server in this process record the TCP peer on the request. Idempotent. */
export function stampPeerAddress(): void {
  const proto = http.Server.prototype as http.Server & { [stamped]?: boolean };
  if (proto[stamped]) return;
  proto[stamped] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_ADDRESS_HEADER] = req.socket?.remoteAddress ?? "";
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}

function normalize(address: string | null | undefined): string | undefined {
  const a = address?.trim();
  if (!a) return undefined;
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice("::ffff:".length) : a;
}

/** The client's address for this request, or undefined when nothing trustworthy says it. */
export function resolveClientAddress(headers: Headers, trustedProxyHops: number): string | undefined {
  const peer = normalize(headers.get(PEER_ADDRESS_HEADER));
  if (trustedProxyHops <= 0) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // Fewer entries than proxies means a proxy did not append: count per peer (the proxy), never per
  // an entry the client may have written.
  if (hops.length < trustedProxyHops) return peer;
  return normalize(hops[hops.length - trustedProxyHops]) ?? peer;
}
