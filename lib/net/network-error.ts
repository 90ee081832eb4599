// Network and TLS failures of an outbound call (node-fetch or undici), by system error code, in
// words a person can act on. Shared by the Kubernetes and Prometheus classifiers; pure.

/** The connection failed before any answer. */
export const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: "nothing listens there",
  ECONNRESET: "the connection was reset",
  EHOSTUNREACH: "no route to the host",
  ENETUNREACH: "no route to the network",
  ENOTFOUND: "the host name does not resolve",
  EAI_AGAIN: "DNS did not answer",
  ETIMEDOUT: "the connection timed out",
  ESOCKETTIMEDOUT: "the connection timed out",
  EPIPE: "the connection was closed",
  EPROTO: "TLS could not be negotiated",
  UND_ERR_CONNECT_TIMEOUT: "the connection timed out",
  UND_ERR_SOCKET: "the connection was closed",
};

// Node's TLS verification codes: the server answered, but could not be trusted.
const UNTRUSTED = "untrusted";
export const CERTIFICATE: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: UNTRUSTED,
  SELF_SIGNED_CERT_IN_CHAIN: UNTRUSTED,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNTRUSTED,
  CERT_UNTRUSTED: UNTRUSTED,
  CERT_SIGNATURE_FAILURE: UNTRUSTED,
  CERT_HAS_EXPIRED: "has expired",
  CERT_NOT_YET_VALID: "is not valid yet",
  ERR_TLS_CERT_ALTNAME_INVALID: "does not name the host in the server URL",
};

/** A CERTIFICATE code's problem in words; `truster` says whose CAs count ("the kubeconfig"). */
export function certificateProblem(code: string, truster: string): string {
  const words = CERTIFICATE[code] ?? "was refused";
  return words === UNTRUSTED ? `is not signed by a CA ${truster} trusts` : words;
}

/** The first code of `table` on the error or its causes (or named in its message). */
export function networkCode(e: unknown, table: Record<string, string>): string | undefined {
  let cur: unknown = e;
  // node-fetch's FetchError keeps the system error's code; undici-style errors nest it in `cause`.
  for (let i = 0; i < 4 && cur && typeof cur === "object"; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && code in table) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  const m = (e instanceof Error ? e.message : "").match(/\b(E[A-Z_]{4,}|[A-Z_]*CERT[A-Z_]*)\b/);
  return m && m[1] in table ? m[1] : undefined;
}
