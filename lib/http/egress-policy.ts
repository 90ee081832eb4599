/**
 * The one egress policy for every outbound call the dashboard makes on a service's behalf (webhooks,
 * health/version URLs, smoke tests, flagd, DNS and paging hooks, URL probes). Set by the admin as
 * RCC_EGRESS_ALLOW: a comma-separated list of host names (`hooks.slack.com`), wildcard suffixes
 * (`*.pagerduty.com`) and CIDRs (`10.20.0.0/16`, `fd00::/8`).
 *
 * - Unset: any address except link-local (169.254.0.0/16, fe80::/10, which holds the cloud metadata
 *   endpoints), the metadata names, and the unspecified address.
 * - Set: only what it lists. Link-local and metadata stay refused unless listed by CIDR or name.
 * Addresses are checked after DNS resolution (every address a name resolves to), and the connection
 * is made to the checked address, so a name cannot be re-pointed between check and connect.
 */
import { BlockList, isIP } from "node:net";

export type EgressDecision = { allowed: true } | { allowed: false; reason: string };

export interface EgressPolicy {
  /** A name is allowed (before resolution). */
  checkHost(host: string): EgressDecision;
  /** A resolved address is allowed for that host. */
  checkAddress(host: string, address: string): EgressDecision;
  describe(): string;
}

const METADATA_NAMES = new Set(["metadata.google.internal", "metadata", "metadata.azure.com", "instance-data"]);

function always(): BlockList {
  const b = new BlockList();
  b.addSubnet("169.254.0.0", 16, "ipv4");
  b.addSubnet("fe80::", 10, "ipv6");
  b.addAddress("0.0.0.0", "ipv4");
  b.addAddress("::", "ipv6");
  b.addAddress("fd00:ec2::254", "ipv6"); // AWS IMDS over IPv6
  return b;
}

const family = (a: string) => (isIP(a) === 6 ? "ipv6" : "ipv4");
/** `::ffff:169.254.169.254` is the IPv4 address for these purposes. */
const unmapped = (a: string) => (a.toLowerCase().startsWith("::ffff:") && isIP(a.slice(7)) === 4 ? a.slice(7) : a);

export function parseEgressPolicy(spec: string | undefined): EgressPolicy {
  const forbidden = always();
  const entries = (spec ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (entries.length === 0) {
    return {
      checkHost: (host) =>
        METADATA_NAMES.has(host.toLowerCase())
          ? { allowed: false, reason: "a cloud metadata name" }
          : { allowed: true },
      checkAddress: (_host, address) => {
        const a = unmapped(address);
        return forbidden.check(a, family(a))
          ? { allowed: false, reason: "a link-local or metadata address" }
          : { allowed: true };
      },
      describe: () => "any address except link-local and metadata (RCC_EGRESS_ALLOW is not set)",
    };
  }
  const cidrs = new BlockList();
  const names = new Set<string>();
  const suffixes: string[] = [];
  for (const e of entries) {
    const [base, bits] = e.split("/");
    if (isIP(base)) {
      const fam = family(base);
      const prefix = bits === undefined ? (fam === "ipv6" ? 128 : 32) : Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (fam === "ipv6" ? 128 : 32))
        throw new Error(`RCC_EGRESS_ALLOW: "${e}" is not a valid CIDR`);
      cidrs.addSubnet(base, prefix, fam);
    } else if (e.startsWith("*.") && e.length > 2) suffixes.push(e.slice(1));
    else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(e)) names.add(e);
    else throw new Error(`RCC_EGRESS_ALLOW: "${e}" is neither a host name, a *.suffix nor a CIDR`);
  }
  const nameListed = (host: string) => {
    const h = host.toLowerCase();
    return names.has(h) || suffixes.some((s) => h.endsWith(s));
  };
  return {
    checkHost: (host) => {
      if (isIP(host)) return { allowed: true }; // checked as an address
      if (nameListed(host)) return { allowed: true };
      return { allowed: false, reason: "not in the egress allowlist" };
    },
    checkAddress: (host, address) => {
      const a = unmapped(address);
      if (cidrs.check(a, family(a))) return { allowed: true };
      // A listed name may resolve to anything but link-local/metadata (those must be listed by CIDR).
      if (!isIP(host) && nameListed(host) && !forbidden.check(a, family(a))) return { allowed: true };
      return {
        allowed: false,
        reason: forbidden.check(a, family(a)) ? "a link-local or metadata address" : "not in the egress allowlist",
      };
    },
    describe: () => `only ${entries.join(", ")}`,
  };
}
