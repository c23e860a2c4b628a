// 吹哨部门: chips of the departments a whistle may summon, with a search box (37 are many), picked in
// order (the first picked leads), at most `max` (the server's number, from org.catalog's limits).
// Emits change { ids } on every pick, in the order picked. In the staff subpackage, its only user.
import type { CatalogItem } from '../../../../typings';

interface Chip extends CatalogItem {
  /** 0 when not picked; else the order picked in (the first leads). */
  order: number;
  /** Hidden by the search box (a picked one never is). */
  hidden: boolean;
}

/** Chips filtered by a search text (the name contains it; picked ones always stay in view), and how many more can be picked. */
function filterChips(list: Chip[], query: string): { chips: Chip[]; choosable: number } {
  const q = query.trim();
  const chips = list.map((d) => ({ ...d, hidden: q !== '' && d.order === 0 && !d.name.includes(q) }));
  return { chips, choosable: chips.filter((d) => !d.hidden && d.order === 0).length };
}

Component({
  properties: {
    /** The departments to choose from, named (the server's allowed ones). */
    departments: { type: Array, value: [] as CatalogItem[] },
    /** The most one whistle may summon. */
    max: { type: Number, value: 0 }
  },
  data: {
    chips: [] as Chip[],
    /** The ids of the list the chips were made from. */
    listKey: '',
    query: '',
    choosable: 0,
    leadName: '',
    error: ''
  },
  observers: {
    // Fires on every render of the page too: only a different list starts the choice afresh.
    departments(list: CatalogItem[]) {
      const key = (list ?? []).map((d) => d.id).join('\n');
      if (key === this.data.listKey && this.data.chips.length) return;
      const chips = (list ?? []).map((d) => ({ id: d.id, name: d.name, order: 0, hidden: false }));
      this.setData({ chips, listKey: key, query: '', choosable: chips.length, leadName: '', error: '' });
    }
  },
  methods: {
    onQuery(e: WechatMiniprogram.Input) {
      const query = String(e.detail.value ?? '');
      this.setData({ query, ...filterChips(this.data.chips, query) });
    },

    onToggle(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const id = e.currentTarget.dataset.id;
      const list = this.data.chips;
      const hit = list.find((d) => d.id === id);
      if (!hit) return;
      const picked = list.filter((d) => d.order > 0).length;
      const max = (this.data as unknown as { max: number }).max;
      if (!hit.order && picked >= max) {
        this.setData({ error: `一次最多吹哨${max}个部门` });
        return;
      }
      // Unpicking renumbers the rest, so the order stays 1..n and the first picked leads.
      const was = hit.order;
      const reordered = list.map((d) => ({
        ...d,
        order: d.id === id ? (was ? 0 : picked + 1) : was && d.order > was ? d.order - 1 : d.order
      }));
      const filtered = filterChips(reordered, this.data.query);
      const lead = filtered.chips.find((d) => d.order === 1);
      this.setData({ ...filtered, leadName: lead ? lead.name : '', error: '' });
      const ids = filtered.chips
        .filter((d) => d.order > 0)
        .sort((a, b) => a.order - b.order)
        .map((d) => d.id);
      this.triggerEvent('change', { ids });
    }
  }
});
