/**
 * Where the server may send requests on behalf of a data source (SSRF policy), in one place.
 *
 * - Azure (Entra ID, Resource Manager, report blobs): https on the standard port to the public,
 *   US Government and China clouds' hosts only. `ABI_AZURE_HOSTS_EXTRA` (comma-separated
 *   `host:port`, or `host` for any port; http allowed) adds hosts, for proxies and tests.
 * - S3 endpoints are set by an admin and may be anywhere, except link-local and cloud metadata
 *   addresses (checked on the name, on every address it resolves to, and again at connect time),
 *   unless `ABI_ALLOW_LINK_LOCAL_ENDPOINTS=1`.
 * A refusal never echoes more of the URL than its host.
 */
import dns from "node:dns";
import net from "node:net";
import { env } from "../../runtime/env";

export class UrlRefusedError extends Error {
  override name = "UrlRefusedError";
}

export type AzureHostKind = "authority" | "arm" | "blob";

const AZURE_LABEL: Record<AzureHostKind, string> = {
  authority: "The Entra ID authority host",
  arm: "The Resource Manager endpoint",
  blob: "The report blob link",
};
const AZURE_HOSTS: Record<AzureHostKind, (host: string) => boolean> = {
  authority: (h) => ["login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn", "login.partner.microsoftonline.cn"].includes(h),
  arm: (h) => ["management.azure.com", "management.usgovcloudapi.net", "management.chinacloudapi.cn"].includes(h),
  blob: (h) => /^[a-z0-9]{3,24}\.blob\.core\.(windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)$/.test(h),
};

const shortHost = (host: string) => (host.length > 80 ? `${host.slice(0, 77)}...` : host);

function parse(raw: string, label: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UrlRefusedError(`${label} is not a valid URL`);
  }
  if (url.username || url.password) throw new UrlRefusedError(`${label} must not contain a user name or password (user@host)`);
  return url;
}

const portOf = (url: URL) => url.port || (url.protocol === "https:" ? "443" : url.protocol === "http:" ? "80" : "");

function isExtraAzureHost(url: URL): boolean {
  const entries = (env().ABI_AZURE_HOSTS_EXTRA ?? "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
  return entries.some((entry) => entry === url.hostname || entry === `${url.hostname}:${portOf(url)}`);
}

/** The URL if ABI may call it as an Azure endpoint of this kind; UrlRefusedError otherwise. */
export function checkAzureUrl(raw: string, kind: AzureHostKind): URL {
  const label = AZURE_LABEL[kind];
  const url = parse(raw, label);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UrlRefusedError(`${label} must be an https:// URL`);
  if (isExtraAzureHost(url)) return url;
  if (url.protocol !== "https:") throw new UrlRefusedError(`${label} must be an https:// URL`);
  if (url.port) throw new UrlRefusedError(`${label} must use the standard https port`);
  if (!AZURE_HOSTS[kind](url.hostname)) {
    throw new UrlRefusedError(
      `${label} ${shortHost(url.hostname)} is not an Azure host (public, US Government or China cloud); ` +
        "ABI_AZURE_HOSTS_EXTRA adds hosts for proxies and tests",
    );
  }
  return url;
}

/** Link-local (cloud metadata lives there) and the metadata addresses outside it. */
const blocked = new net.BlockList();
blocked.addSubnet("169.254.0.0", 16, "ipv4");
blocked.addAddress("100.100.100.200", "ipv4"); // Alibaba Cloud metadata
blocked.addSubnet("fe80::", 10, "ipv6");
blocked.addAddress("fd00:ec2::254", "ipv6"); // AWS metadata over IPv6
const METADATA_NAMES = new Set(["metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal", "metadata.azure.internal"]);

export function isLinkLocalOrMetadata(address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && blocked.check(address, family === 6 ? "ipv6" : "ipv4");
}

const linkLocalAllowed = () => env().ABI_ALLOW_LINK_LOCAL_ENDPOINTS === "1";
const S3_LABEL = "The S3 endpoint";
/** `label` starts the refusal ("The S3 endpoint", "The webhook URL", "The SMTP host"). */
const hostRefusal = (label: string, host: string, why: string) =>
  new UrlRefusedError(`${label} ${shortHost(host)} ${why}; link-local and cloud metadata addresses are refused (ABI_ALLOW_LINK_LOCAL_ENDPOINTS=1 allows them)`);
const bareHost = (raw: string) => raw.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");

/**
 * Checks what can be known without DNS of an http(s) URL an admin typed (`label` names it in a
 * refusal): scheme, user info, metadata names and literal addresses.
 */
export function checkEndpointUrlSync(raw: string, label: string): URL {
  const url = parse(raw, label);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UrlRefusedError(`${label} must be an http:// or https:// URL`);
  if (linkLocalAllowed()) return url;
  const host = bareHost(url.hostname);
  if (METADATA_NAMES.has(host)) throw hostRefusal(label, host, "is a cloud metadata service");
  if (isLinkLocalOrMetadata(host)) throw hostRefusal(label, host, "is a link-local or metadata address");
  return url;
}

/** checkEndpointUrlSync for an S3 endpoint. */
export function checkS3EndpointSync(raw: string): URL {
  return checkEndpointUrlSync(raw, S3_LABEL);
}

type Resolve = (host: string) => Promise<{ address: string }[]>;
const systemResolve: Resolve = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

/**
 * checkS3EndpointSync, then every address the name resolves to (`resolve`: the system resolver).
 * A name that does not resolve is left to fail on connect.
 */
export async function checkS3Endpoint(raw: string, resolve: Resolve = systemResolve): Promise<URL> {
  const url = checkS3EndpointSync(raw);
  await checkOutboundHost(url.hostname, S3_LABEL, resolve);
  return url;
}

/**
 * A dns.lookup for the S3 client's sockets: the same refusal at connect time, so a name that
 * re-resolves to a metadata address after it was checked (DNS rebinding) still cannot be reached.
 */
export const guardedLookup: net.LookupFunction = guardLookup(dns.lookup);

/** `lookup` (dns.lookup by default) with link-local and metadata answers refused, the refusal naming `label`. */
export function guardLookup(lookup: typeof dns.lookup, label = S3_LABEL): net.LookupFunction {
  return (hostname, options, callback) =>
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as unknown as dns.LookupAddress[];
      if (!linkLocalAllowed() && list.some((a) => isLinkLocalOrMetadata(a.address))) {
        return callback(Object.assign(hostRefusal(label, hostname, "resolves to a link-local or metadata address"), { code: "EADDRNOTAVAIL" }), "", 0);
      }
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
}

/**
 * The same policy for a bare host name a person typed (an SMTP server, a webhook's host): no
 * cloud metadata name, no link-local or metadata address, literally or by what it resolves to.
 * `label` starts the refusal ("The SMTP host"); unless ABI_ALLOW_LINK_LOCAL_ENDPOINTS=1.
 */
export async function checkOutboundHost(rawHost: string, label: string, resolve: Resolve = systemResolve): Promise<void> {
  if (linkLocalAllowed()) return;
  const host = bareHost(rawHost);
  const refuse = (why: string) => hostRefusal(label, host, why);
  if (METADATA_NAMES.has(host)) throw refuse("is a cloud metadata service");
  if (isLinkLocalOrMetadata(host)) throw refuse("is a link-local or metadata address");
  if (net.isIP(host)) return;
  const addresses = await resolve(host).catch(() => []);
  if (addresses.some((a) => isLinkLocalOrMetadata(a.address))) throw refuse("resolves to a link-local or metadata address");
}
