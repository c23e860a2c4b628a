// The rule editor's form: a rule set spread into sections, rows and cells (strings the inputs edit),
// and back into the value setRules takes. Only the shape is checked here (a number is a number);
// every rule's meaning is the server's to judge, and its message is shown. Pure: no `wx`.
import type { FieldSpec, KindSpec, Option, SectionSpec } from './specs';

export interface Cell {
  key: string;
  label: string;
  type: FieldSpec['type'];
  /** int, decimal, text, date: the text. */
  value: string;
  /** select, bool: the chosen option. */
  index: number;
  options: Array<Option & { on: boolean }>;
  /** Option labels, for the native picker. */
  labels: string[];
  /** Shown as text: the id of a row that came from the server. */
  fixed: boolean;
  /** A class to find the cell by ('f-policy-dailyCap', 'f-0-date'). */
  cls: string;
  /** Path in the edited value, dotted, as the server names flaws ('policy.dailyCap', '0.date'). */
  path: string;
  bad: boolean;
}

export interface Row {
  /** The record key, or the list index as text. */
  key: string;
  title: string;
  cells: Cell[];
}

export interface Section {
  title: string;
  note: string;
  shape: SectionSpec['shape'];
  addLabel: string;
  rows: Row[];
}

type Options = (field: FieldSpec) => readonly Option[];
type Obj = Record<string, unknown>;

const at = (value: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Obj)[k] : undefined), value);

/** A stored scalar as the input shows it ('' for none). */
const textOf = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

function cellOf(field: FieldSpec, raw: unknown, path: string, options: Options, fromServer: boolean): Cell {
  const opts = options(field);
  const picked = field.type === 'bool' ? String(raw === true) : textOf(raw);
  const chosen = Array.isArray(raw) ? raw.map(textOf) : [];
  return {
    key: field.key,
    label: field.label,
    type: field.type,
    value: ['select', 'bool', 'multi'].includes(field.type) ? '' : picked,
    index: Math.max(
      0,
      opts.findIndex((o) => o.value === picked)
    ),
    options: opts.map((o) => ({ ...o, on: chosen.includes(o.value) })),
    labels: opts.map((o) => o.label),
    fixed: field.fixed === true && fromServer,
    cls: `f-${path.replace(/\./g, '-')}`,
    path,
    bad: false
  };
}

function rowOf(
  spec: SectionSpec,
  key: string,
  title: string,
  raw: unknown,
  options: Options,
  fromServer: boolean
): Row {
  const prefix = [...spec.path, ...(spec.shape === 'object' ? [] : [key])].join('.');
  return {
    key,
    title,
    cells: spec.fields.map((f) =>
      cellOf(f, (raw as Obj | undefined)?.[f.key], prefix ? `${prefix}.${f.key}` : f.key, options, fromServer)
    )
  };
}

/** A new row for a list section (its cells from the spec's blank). */
export function blankRow(spec: SectionSpec, index: number, options: Options): Row {
  return rowOf(spec, String(index), `第${index + 1}条`, spec.blank ?? {}, options, false);
}

export function toForm(kind: KindSpec, value: unknown, options: Options): Section[] {
  return kind.sections.map((spec) => {
    const here = at(value, spec.path);
    let rows: Row[];
    if (spec.shape === 'object') rows = [rowOf(spec, '', '', here, options, true)];
    else if (spec.shape === 'list')
      rows = ((here as unknown[] | undefined) ?? []).map((r, i) =>
        rowOf(spec, String(i), `第${i + 1}条`, r, options, true)
      );
    else
      rows = Object.entries((here as Obj | undefined) ?? {}).map(([k, r]) =>
        rowOf(spec, k, textOf((r as Obj).label) || k, r, options, true)
      );
    return { title: spec.title, note: spec.note ?? '', shape: spec.shape, addLabel: spec.addLabel ?? '新增', rows };
  });
}

/** One cell's value, or why it is not one ('请填写…'). */
function parseCell(cell: Cell, field: FieldSpec): { value?: unknown; problem?: string } {
  const text = cell.value.trim();
  switch (cell.type) {
    case 'select':
      return { value: cell.options[cell.index]?.value ?? '' };
    case 'bool':
      return { value: cell.options[cell.index]?.value === 'true' };
    case 'multi':
      return { value: cell.options.filter((o) => o.on).map((o) => o.value) };
    default:
      if (text === '') return field.optional ? {} : { problem: `请填写“${cell.label}”` };
      if (cell.type === 'int')
        return /^-?\d+$/.test(text) ? { value: Number(text) } : { problem: `“${cell.label}”应为整数` };
      if (cell.type === 'decimal')
        return /^-?\d+(\.\d+)?$/.test(text) ? { value: Number(text) } : { problem: `“${cell.label}”应为数字` };
      return { value: text };
  }
}

/**
 * The edited value: `base` (the set as loaded, so keys no section shows are kept) with every
 * section's rows written over it; or the first cell that is not a value, and why.
 */
export function fromForm(
  kind: KindSpec,
  sections: Section[],
  base: unknown
): { value: unknown } | { problem: string; path: string } {
  let value: unknown = JSON.parse(JSON.stringify(base ?? {})) as unknown;
  for (const [s, spec] of kind.sections.entries()) {
    const parsed: Obj[] = [];
    for (const row of sections[s].rows) {
      const obj: Obj = {};
      for (const [c, field] of spec.fields.entries()) {
        const { value: v, problem } = parseCell(row.cells[c], field);
        if (problem) return { problem: row.title ? `${row.title}：${problem}` : problem, path: row.cells[c].path };
        if (v !== undefined) obj[field.key] = v;
      }
      parsed.push(obj);
    }
    let here: unknown;
    if (spec.shape === 'list') here = parsed;
    else if (spec.shape === 'record')
      here = Object.fromEntries(
        sections[s].rows.map((r, i) => [r.key, { ...(at(value, [...spec.path, r.key]) as Obj), ...parsed[i] }])
      );
    else here = { ...(at(value, spec.path) as Obj | undefined), ...parsed[0] };
    if (spec.path.length === 0) value = here;
    else {
      const parent = at(value, spec.path.slice(0, -1)) as Obj;
      parent[spec.path[spec.path.length - 1]] = here;
    }
  }
  return { value };
}

/** The cell a server's detail names ('points.policy.dailyCap', 'policy.dailyCap: …', 'deadlines.0: …'). */
export function cellFor(
  sections: Section[],
  kind: string,
  detail: string
): { cell: Cell; where: string; note: string } | null {
  const [head, ...rest] = detail.split(': ');
  const path = head.startsWith(`${kind}.`) ? head.slice(kind.length + 1) : head;
  for (const section of sections)
    for (const row of section.rows)
      for (const cell of row.cells)
        if (cell.path === path || path.startsWith(`${cell.path}.`) || cell.path.startsWith(`${path}.`))
          return {
            cell,
            where: [section.title, row.title, cell.label].filter(Boolean).join(' · '),
            note: rest.join(': ')
          };
  return null;
}
