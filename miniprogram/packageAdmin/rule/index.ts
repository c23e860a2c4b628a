// One rule editor (?kind=categories|routing|deadlines|calendar|notify|points|kpi|supervision): the
// set in force as a form, saved whole with setup.setRules. A refusal shows the server's message at
// the field it names, and nothing was written.
import type { AdminUnit, RulesView } from '../../../typings';
import { confirmCategoryGuess, getRules, listUnits, setRules } from '../../services/admin';
import { blankRow, cellFor, fromForm, toForm, type Section } from './form';
import { KIND_SPECS, resolveOptions, type EditableKind, type FieldSpec } from './specs';

type Dataset = { s?: number; r?: number; c?: number; o?: number };

// Kept out of `data`: the set as loaded and the units, read when saving.
let rules: RulesView | null = null;
let units: AdminUnit[] = [];

const specOf = (kind: string) => KIND_SPECS[kind as EditableKind] ?? KIND_SPECS.routing;
const optionsFor = (field: FieldSpec) => (rules ? resolveOptions(field.options, rules, units) : []);
const baseOf = (kind: EditableKind, r: RulesView): unknown => specOf(kind).read?.(r) ?? r[kind];

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    kind: 'routing' as EditableKind,
    title: '',
    intro: '',
    calendarNote: '',
    sections: [] as Section[],
    guess: {},
    saving: false,
    error: '',
    saved: ''
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const kind = (query.kind && query.kind in KIND_SPECS ? query.kind : 'routing') as EditableKind;
      const spec = specOf(kind);
      this.setData({ kind, title: spec.title, intro: spec.intro });
      void wx.setNavigationBarTitle({ title: spec.title });
      void this.load();
    },
    onRetry() {
      void this.load();
    },
    async load() {
      const spec = specOf(this.data.kind);
      const [res, unitsRes] = await Promise.all([
        getRules(),
        spec.needsUnits ? listUnits() : Promise.resolve({ ok: true as const, data: [] as AdminUnit[] })
      ]);
      if (!res.ok || !unitsRes.ok) {
        this.setData({ status: 'error', errorMessage: !res.ok ? res.message : !unitsRes.ok ? unitsRes.message : '' });
        return;
      }
      rules = res.data;
      units = unitsRes.data;
      const s = res.data.calendarStatus;
      const year = (y: number, ok: boolean) => `${y}年${ok ? '已配置' : '未配置'}`;
      this.setData({
        status: 'ready',
        sections: toForm(spec, baseOf(this.data.kind, res.data), optionsFor),
        guess:
          this.data.kind === 'categories'
            ? Object.fromEntries(res.data.categories.filter((c) => c.guess).map((c) => [c.id, true]))
            : {},
        calendarNote:
          this.data.kind === 'calendar'
            ? `节假日安排：${year(s.thisYear, s.thisYearConfigured)}，${year(s.nextYear, s.nextYearConfigured)}`
            : ''
      });
    },
    edited(patch: Record<string, unknown>) {
      this.setData({ ...patch, saved: '' });
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, Dataset>) {
      const { s, r, c } = e.currentTarget.dataset;
      this.edited({
        [`sections[${s}].rows[${r}].cells[${c}].value`]: String(e.detail.value),
        [`sections[${s}].rows[${r}].cells[${c}].bad`]: false
      });
    },
    onPick(e: WechatMiniprogram.CustomEvent<{ value: string | number }, Record<string, never>, Dataset>) {
      const { s, r, c } = e.currentTarget.dataset;
      this.edited({ [`sections[${s}].rows[${r}].cells[${c}].index`]: Number(e.detail.value) });
    },
    onToggle(e: WechatMiniprogram.BaseEvent<Record<string, never>, Dataset>) {
      const { s = 0, r = 0, c = 0, o = 0 } = e.currentTarget.dataset;
      const on = this.data.sections[s].rows[r].cells[c].options[o].on;
      this.edited({ [`sections[${s}].rows[${r}].cells[${c}].options[${o}].on`]: !on });
    },
    onAdd(e: WechatMiniprogram.BaseEvent<Record<string, never>, Dataset>) {
      const s = Number(e.currentTarget.dataset.s);
      const rows = this.data.sections[s].rows;
      this.edited({
        [`sections[${s}].rows`]: [...rows, blankRow(specOf(this.data.kind).sections[s], rows.length, optionsFor)]
      });
    },
    onRemove(e: WechatMiniprogram.BaseEvent<Record<string, never>, Dataset>) {
      const { s = 0, r = 0 } = e.currentTarget.dataset;
      this.edited({ [`sections[${s}].rows`]: this.data.sections[s].rows.filter((_, i) => i !== Number(r)) });
    },
    async onSave() {
      if (this.data.saving || !rules) return;
      const { kind, sections } = this.data;
      const spec = specOf(kind);
      const form = fromForm(spec, sections, baseOf(kind, rules));
      if ('problem' in form) {
        this.setData({ error: form.problem, saved: '' });
        return;
      }
      this.setData({ saving: true, error: '', saved: '' });
      const res = await setRules(spec.write ? spec.write(form.value, rules) : { [kind]: form.value });
      this.setData({ saving: false });
      if (!res.ok) {
        const named = res.detail ? cellFor(sections, kind, res.detail) : null;
        const error = named
          ? `${res.message}：${named.where}${named.note ? `（${named.note}）` : ''}`
          : res.detail
            ? `${res.message}（${res.detail}）`
            : res.message;
        this.setData({ error });
        if (named) this.markBad(named.cell.path);
        return;
      }
      this.setData({ saved: '已保存。新的规则从下一次办理起生效（最长约1分钟）。' });
      await this.load();
    },
    markBad(path: string) {
      this.data.sections.forEach((section, s) =>
        section.rows.forEach((row, r) =>
          row.cells.forEach((cell, c) => {
            if (cell.path === path) this.setData({ [`sections[${s}].rows[${r}].cells[${c}].bad`]: true });
          })
        )
      );
    },
    async onConfirmGuess(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const id = e.currentTarget.dataset.id;
      if (!id) return;
      const res = await confirmCategoryGuess(id);
      if (!res.ok) this.setData({ error: res.message });
      else this.setData({ [`guess.${id}`]: false, saved: '已标记为核实' });
    }
  }
});
