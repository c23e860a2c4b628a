// Open311 GeoReport v2: how cases look to other platforms, and what a posted request must carry.
// Pure: mapping, validation, dates, and the XML of the spec's documents. The function (cloudfunctions/
// open311) reads and writes; server/http.ts speaks the HTTP access service's event.
import type { CaseStatus } from './enums';
import { STATUS_LABELS } from './labels';

export type Format = 'json' | 'xml';

/** Categories that concern public matters, not a dispute between named people: the only ones anonymous callers see. */
export const PUBLIC_CATEGORIES: readonly string[] = [
  'pollution',
  'urban-mgmt',
  'food-safety',
  'property-mgmt',
  'village-affairs'
];

/** 大渡口区 with a margin (our box from the map, not an official boundary): Open311 refuses lat/long outside it, besides the district unit's own `bounds` (domain/caseLocation.ts) once the organisation data has them. */
export const DISTRICT_BOUNDS = { south: 29.35, north: 29.56, west: 106.38, east: 106.57 } as const;

/** Bytes of a POST body. */
export const MAX_BODY_BYTES = 16 * 1024;
/** The longest date window of one GET requests (the spec's 90 days). */
export const MAX_WINDOW_MS = 90 * 24 * 3600_000;
export const DEFAULT_PAGE_SIZE = 200;
export const MAX_PAGE_SIZE = 1000;
/** At most this many ids in one service_request_id list. */
export const MAX_IDS = 50;

export type Open311Status = 'open' | 'closed';

/** Open while someone still has to work on it; resolved, closed and refused cases are closed. */
export function open311Status(s: CaseStatus): Open311Status {
  return s === 'submitted' || s === 'accepted' ? 'open' : 'closed';
}

/** The statuses behind an Open311 status (the `status` filter). */
export function statusesOf(s: Open311Status): CaseStatus[] {
  return s === 'open' ? ['submitted', 'accepted'] : ['resolved', 'closed', 'rejected'];
}

/** An error as the spec has it; `status` is the HTTP code. */
export interface Open311Error {
  status: number;
  code: number;
  description: string;
}

export const err = (status: number, description: string): Open311Error => ({ status, code: status, description });

/** A W3C datetime with its time zone, as the spec requires; a date alone is midnight in Beijing. */
export function parseDate(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(s);
  if (!m) return null;
  const iso = m[4] ? s : `${s}T00:00:00+08:00`;
  if (m[4] && !m[8]) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  // Reject dates that roll over (2026-02-30).
  const [y, mo, da] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || da < 1 || da > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
  return d;
}

/** Beijing time with its offset: 2026-12-04T09:30:00+08:00. */
export function formatDate(d: Date | string | null | undefined): string | null {
  if (!d) return null;
  const t = new Date(new Date(d).getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 19)}+08:00`;
}

/** The date window of a GET requests: the spec's default is the last 90 days; longer windows are refused. */
export function dateWindow(
  start: string | undefined,
  end: string | undefined,
  now: Date
): { from: Date; to: Date } | Open311Error {
  const to = end ? parseDate(end) : now;
  if (!to) return err(400, 'end_date is not a W3C datetime with a time zone');
  const from = start ? parseDate(start) : new Date(to.getTime() - MAX_WINDOW_MS);
  if (!from) return err(400, 'start_date is not a W3C datetime with a time zone');
  if (from.getTime() > to.getTime()) return err(400, 'start_date is after end_date');
  if (to.getTime() - from.getTime() > MAX_WINDOW_MS) return err(400, 'the date window is longer than 90 days');
  return { from, to };
}

export function inDistrict(lat: number, long: number): boolean {
  const b = DISTRICT_BOUNDS;
  return lat >= b.south && lat <= b.north && long >= b.west && long <= b.east;
}

/** Mainland mobiles and landlines in free text are masked before it leaves (names are never stored in it by us). */
export function maskPhones(text: string): string {
  return text
    .replace(/(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/g, '1**********')
    .replace(/(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)/g, '0**********');
}

/** What the mapping needs of a case. */
export interface CaseFor311 {
  _id: string;
  code: string;
  status: CaseStatus;
  category: string;
  categoryName: string;
  description: string;
  unitId: string;
  createdAt: Date;
  updatedAt: Date;
  resolveDueAt: Date;
  location: { latitude: number; longitude: number; address?: string } | null;
  rejectReason?: string | null;
  timeline?: Array<{ at: Date; action: string; unitId: string; text: string }>;
}

export interface ServiceRequest {
  service_request_id: string;
  status: Open311Status;
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string;
  service_notice: string | null;
  requested_datetime: string | null;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: null;
  zipcode: null;
  lat: number | null;
  long: number | null;
  media_url: null;
  /** An extension: the handling units' replies, oldest first. */
  notes: Array<{ datetime: string | null; agency: string; description: string }>;
}

const NOTE_ACTIONS = new Set(['accept', 'reply', 'resolve', 'reject']);

/**
 * A case as another platform sees it. `full` (a key whose scope holds the case) adds the description
 * (phones masked), the address and the exact place; anonymous callers get the place to 3 decimals.
 * Phones and names never appear: the reporter's fields are not read here at all.
 */
export function toServiceRequest(c: CaseFor311, unitName: (id: string) => string, full: boolean): ServiceRequest {
  const notes = (c.timeline ?? [])
    .filter((t) => NOTE_ACTIONS.has(t.action))
    .map((t) => ({ datetime: formatDate(t.at), agency: unitName(t.unitId), description: maskPhones(t.text) }));
  const last = notes[notes.length - 1];
  const round = (x: number) => (full ? x : Math.round(x * 1000) / 1000);
  return {
    service_request_id: c.code,
    status: open311Status(c.status),
    status_notes: last ? `${STATUS_LABELS[c.status]}：${last.description}` : STATUS_LABELS[c.status],
    service_name: c.categoryName,
    service_code: c.category,
    description: full ? maskPhones(c.description) : null,
    agency_responsible: unitName(c.unitId),
    service_notice: null,
    requested_datetime: formatDate(c.createdAt),
    updated_datetime: formatDate(c.updatedAt),
    expected_datetime: formatDate(c.resolveDueAt),
    address: full ? (c.location?.address ?? null) : null,
    address_id: null,
    zipcode: null,
    lat: c.location ? round(c.location.latitude) : null,
    long: c.location ? round(c.location.longitude) : null,
    media_url: null,
    notes: full ? notes : []
  };
}

// ---- XML ---------------------------------------------------------------------------------------

/** Element names of list items, by the list's name. */
const ITEM: Record<string, string> = {
  service_requests: 'request',
  services: 'service',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  notes: 'note',
  endpoints: 'endpoint',
  formats: 'format'
};

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);

function element(name: string, v: unknown): string {
  if (v === null || v === undefined) return `<${name}/>`;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    return `<${name}>${escape(String(v))}</${name}>`;
  if (Array.isArray(v)) return `<${name}>${v.map((x) => element(ITEM[name] ?? 'item', x)).join('')}</${name}>`;
  if (typeof v === 'object')
    return `<${name}>${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => element(k, x))
      .join('')}</${name}>`;
  return `<${name}/>`; // functions and symbols have no XML form
}

/** A document of the spec: a root list (service_requests, services, errors …) or one object (service_definition, discovery). */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>${element(root, value)}`;
}
