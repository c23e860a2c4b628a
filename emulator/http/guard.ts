import os from 'node:os';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './body';

/**
 * Who may drive the local cloud. Its API holds every identity and the whole database, so a web page
 * the developer happens to open must not reach it: browsers send `Origin` on cross-site POSTs, and a
 * DNS-rebound name shows up in `Host`. Clients outside a browser (the SDK, DevTools, phones, curl)
 * send no Origin and use one of the machine's own names.
 */
export interface RequestPolicy {
  port: number;
  /** HOST as configured (127.0.0.1 by default); 0.0.0.0 or :: means every interface. */
  host: string;
  /** Extra origins allowed to call (LOCALCLOUD_ALLOWED_ORIGINS), exactly as browsers send them. */
  extraOrigins: readonly string[];
}

export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** Refuses a foreign Host (421) or Origin (403); a request without either header passes. */
export function checkCaller(req: IncomingMessage, policy: RequestPolicy): void {
  const host = req.headers.host;
  if (host !== undefined && !isOwnHost(host, policy))
    throw new HttpError(421, "Host is not one of the local cloud's own names");
  const origin = req.headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, policy))
    throw new HttpError(403, 'requests from a web page of another origin are refused');
}

/** The gateway and the database API take JSON only (a charset parameter is fine): no form or text/plain body a page could send without asking. */
export function requireJson(req: IncomingMessage): void {
  if (mediaType(req) !== 'application/json') throw new HttpError(415, 'Content-Type must be application/json');
}

export function mediaType(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

function isOwnOrigin(origin: string, policy: RequestPolicy): boolean {
  if (policy.extraOrigins.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // e.g. "null" from a sandboxed frame or a file:// page
  }
  return url.protocol === 'http:' && url.origin === origin && isOwnHost(url.host, policy);
}

function isOwnHost(hostHeader: string, policy: RequestPolicy): boolean {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(hostHeader.trim());
  if (!m) return false;
  const name = m[1].toLowerCase();
  const port = m[2] === undefined ? 80 : Number(m[2]);
  if (port !== policy.port) return false;
  if (name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  if (name === bracketed(policy.host.toLowerCase())) return true;
  // Bound to every interface: phones come in by the machine's LAN address (or its name).
  return isWildcardHost(policy.host) && machineNames().has(name);
}

function machineNames(): Set<string> {
  const names = new Set<string>([os.hostname().toLowerCase(), `${os.hostname().toLowerCase()}.local`]);
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) names.add(bracketed(a.address.toLowerCase().replace(/%.*$/, '')));
  }
  return names;
}

function bracketed(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}
