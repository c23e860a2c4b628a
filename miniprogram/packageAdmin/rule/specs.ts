// What each rule editor shows: sections of fields over one rule set of setup.getRules, and (for
// categories) how the edited rows become the sets setup.setRules takes. Pure: no `wx`.
import type { AdminUnit, Rules, RulesView } from '../../../typings';

type DeadlineRule = Rules['deadlines'][number];
import { LEVEL_OPTIONS } from '../common';

export type FieldType = 'int' | 'decimal' | 'text' | 'select' | 'bool' | 'multi' | 'date';

export interface Option {
  value: string;
  label: string;
}

/** Option lists that depend on the data: the categories (with or without '*'), the departments. */
export type OptionSource = 'categories' | 'categoriesAny' | 'departments';

export interface FieldSpec {
  key: string;
  label: string;
  type: FieldType;
  /** Empty is allowed and leaves the key out. */
  optional?: boolean;
  /** select and multi: the choices; bool: [false, true]. */
  options?: readonly Option[] | OptionSource;
  /** Shown as text on rows that came from the server (an id). */
  fixed?: boolean;
  hint?: string;
}

export interface SectionSpec {
  title: string;
  note?: string;
  /** Where the section's value sits in the edited value; [] is the value itself. */
  path: string[];
  /** object: fields of one object; list: rows added and removed; record: one row per existing key. */
  shape: 'object' | 'list' | 'record';
  fields: FieldSpec[];
  /** list: a new row. */
  blank?: Record<string, unknown>;
  addLabel?: string;
}

/** What the editor edits for a kind: read from the rules in force, written back as setRules sets. */
export interface KindSpec {
  title: string;
  intro: string;
  sections: SectionSpec[];
  read?(rules: RulesView): unknown;
  write?(value: unknown, rules: RulesView): Partial<Rules>;
  /** The units list is needed (department options). */
  needsUnits?: boolean;
}

export type EditableKind = keyof Rules;

const CLOCK_LABELS: ReadonlyArray<[string, string]> = [
  ['firstResponse', '首次响应'],
  ['acceptReply', '受理答复'],
  ['resolveReply', '办结答复'],
  ['followUp', '回访'],
  ['whistleCheckIn', '吹哨部门报到'],
  ['whistleResult', '吹哨部门办理结果'],
  ['evaluate', '办结评价'],
  ['evaluateWhistle', '吹哨部门评价'],
  ['visit', '现场走访']
];
const CLOCK_OPTIONS: Option[] = CLOCK_LABELS.map(([value, label]) => ({ value, label }));

const int = (key: string, label: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  label,
  type: 'int',
  ...extra
});

/** One row of the categories editor: the category, its routing rule's level and its '*'-level deadlines. */
interface CategoryRow {
  id: string;
  name: string;
  defaultDepartment: string;
  startLevel: string;
  responseWorkingDays?: number;
  resolveWorkingDays?: number;
}

const categories: KindSpec = {
  title: '诉求类别',
  intro:
    '新增或修改类别；起始层级和办理期限随类别一起保存（不选期限则按通用期限）。已有类别不能删除，历史诉求保留原类别。',
  needsUnits: true,
  sections: [
    {
      title: '类别',
      path: [],
      shape: 'list',
      addLabel: '新增类别',
      blank: { id: '', name: '', defaultDepartment: '', startLevel: 'community' },
      fields: [
        { key: 'id', label: '编号（小写字母、数字和-）', type: 'text', fixed: true },
        { key: 'name', label: '名称', type: 'text' },
        { key: 'defaultDepartment', label: '默认协办部门', type: 'select', options: 'departments' },
        { key: 'startLevel', label: '起始层级', type: 'select', options: LEVEL_OPTIONS },
        int('responseWorkingDays', '响应期限（工作日）', { optional: true }),
        int('resolveWorkingDays', '办结期限（工作日）', { optional: true })
      ]
    }
  ],
  read(rules) {
    return rules.categories.map((c): CategoryRow => {
      const d = rules.deadlines.find((r) => r.category === c.id && r.level === '*');
      return {
        id: c.id,
        name: c.name,
        defaultDepartment: c.defaultDepartment ?? '',
        startLevel: rules.routing.find((r) => r.category === c.id)?.startLevel ?? 'community',
        ...(d?.responseWorkingDays !== undefined ? { responseWorkingDays: d.responseWorkingDays } : {}),
        ...(d?.resolveWorkingDays !== undefined ? { resolveWorkingDays: d.resolveWorkingDays } : {})
      };
    });
  },
  write(value, rules) {
    const rows = value as CategoryRow[];
    const ids = new Set(rows.map((r) => r.id));
    const before = new Map(rules.categories.map((c) => [c.id, c]));
    return {
      categories: rows.map((r) => ({
        id: r.id,
        name: r.name,
        defaultDepartment: r.defaultDepartment || null,
        alsoInvolved: before.get(r.id)?.alsoInvolved ?? [],
        guess: before.get(r.id)?.guess ?? false
      })),
      // Community is where every category starts unless a routing rule says otherwise.
      routing: [
        ...rules.routing.filter((r) => !ids.has(r.category)),
        ...rows
          .filter((r) => r.startLevel !== 'community')
          .map((r) => {
            const old = rules.routing.find((x) => x.category === r.id && x.startLevel === r.startLevel);
            return {
              category: r.id,
              startLevel: r.startLevel as 'town' | 'district',
              ...(old?.reason ? { reason: old.reason } : {})
            };
          })
      ],
      deadlines: [
        ...rules.deadlines.filter((r) => !(ids.has(r.category) && r.level === '*')),
        ...rows
          .filter((r) => r.responseWorkingDays !== undefined || r.resolveWorkingDays !== undefined)
          .map((r): DeadlineRule => {
            const old = rules.deadlines.find((x) => x.category === r.id && x.level === '*');
            return {
              category: r.id,
              level: '*',
              ...(old?.responseHours !== undefined ? { responseHours: old.responseHours } : {}),
              ...(r.responseWorkingDays !== undefined ? { responseWorkingDays: r.responseWorkingDays } : {}),
              ...(r.resolveWorkingDays !== undefined ? { resolveWorkingDays: r.resolveWorkingDays } : {})
            };
          })
      ]
    };
  }
};

export const KIND_SPECS: Readonly<Record<EditableKind, KindSpec>> = {
  categories,
  routing: {
    title: '分级办理规则',
    intro: '未列出的类别从村（社区）开始办理（小事不出村）。',
    sections: [
      {
        title: '规则',
        path: [],
        shape: 'list',
        addLabel: '新增规则',
        blank: { startLevel: 'town' },
        fields: [
          { key: 'category', label: '类别', type: 'select', options: 'categories' },
          { key: 'startLevel', label: '起始层级', type: 'select', options: LEVEL_OPTIONS },
          { key: 'reason', label: '依据（显示在办理记录中）', type: 'text', optional: true }
        ]
      }
    ]
  },
  deadlines: {
    title: '办理期限',
    intro: '越具体的规则优先：类别和层级都指定的，优于只指定其一的，优于“全部”。期限按工作日计算。',
    sections: [
      {
        title: '规则',
        path: [],
        shape: 'list',
        addLabel: '新增规则',
        blank: { category: '*', level: '*' },
        fields: [
          { key: 'category', label: '类别', type: 'select', options: 'categoriesAny' },
          {
            key: 'level',
            label: '层级',
            type: 'select',
            options: [{ value: '*', label: '全部层级' }, ...LEVEL_OPTIONS]
          },
          int('responseWorkingDays', '响应期限（工作日）', { optional: true }),
          int('responseHours', '响应期限（工作小时，优先）', { optional: true }),
          int('resolveWorkingDays', '办结期限（工作日）', { optional: true })
        ]
      }
    ]
  },
  calendar: {
    title: '节假日',
    intro: '按国务院办公厅每年公布的放假安排，录入与平常不同的日子：周一至周五放假的日子，和周末调休上班的日子。',
    sections: [
      {
        title: '按日期设置',
        path: [],
        shape: 'list',
        addLabel: '新增日期',
        blank: { workday: false },
        fields: [
          { key: 'date', label: '日期', type: 'date' },
          {
            key: 'workday',
            label: '当天',
            type: 'bool',
            options: [
              { value: 'false', label: '放假休息' },
              { value: 'true', label: '调休上班' }
            ]
          },
          { key: 'note', label: '说明（如：春节）', type: 'text', optional: true }
        ]
      }
    ]
  },
  notify: {
    title: '订阅消息模板',
    intro: '在微信公众平台“订阅消息”中申请模板后，把模板 ID 填在这里；小程序从这里读取，无需重新发布。',
    sections: [
      {
        title: '模板 ID',
        path: [],
        shape: 'object',
        fields: [
          { key: 'caseAccepted', label: '诉求已受理（居民）', type: 'text' },
          { key: 'caseReplied', label: '诉求有答复（居民）', type: 'text' },
          { key: 'caseResolved', label: '诉求已办结（居民）', type: 'text' },
          { key: 'caseRejected', label: '诉求未受理（居民）', type: 'text' },
          { key: 'caseAssigned', label: '有新的诉求（工作人员）', type: 'text' },
          { key: 'caseWhistled', label: '吹哨通知（部门，可不填）', type: 'text', optional: true },
          { key: 'caseDue', label: '期限将到（可不填）', type: 'text', optional: true },
          { key: 'caseSupervised', label: '督办通知（可不填）', type: 'text', optional: true }
        ]
      }
    ]
  },
  points: {
    title: '德分宝积分规则',
    intro: '善行类型固定，可修改名称和分值范围（最低 ≤ 建议 ≤ 最高 ≤ 单次奖励上限）。',
    sections: [
      {
        title: '上限、有效期和公示',
        path: ['policy'],
        shape: 'object',
        fields: [
          int('dailyCap', '每人每日最多获得'),
          int('monthlyCap', '每人每月最多获得'),
          int('maxAward', '单次奖励上限'),
          int('secondKeyAbove', '超过此分值需第二人复核'),
          int('noticeDays', '公示天数'),
          int('expiryYears', '有效期（获得次年起的年数）'),
          int('expiringSoonDays', '提前多少天提示即将过期'),
          int('maxQuantity', '一次最多兑换件数'),
          int('verifyFailuresPerHour', '每小时核销失败上限')
        ]
      },
      {
        title: '善行类型',
        path: ['deeds'],
        shape: 'record',
        fields: [
          { key: 'label', label: '名称', type: 'text' },
          int('min', '最低'),
          int('points', '建议'),
          int('max', '最高')
        ]
      }
    ]
  },
  kpi: {
    title: '考核权重',
    intro: '区级部门的考核中，镇街评价所占的权重（0到1，如0.6），其余为区级评价。',
    sections: [
      {
        title: '权重',
        path: [],
        shape: 'object',
        fields: [{ key: 'townWeight', label: '镇街评价权重', type: 'decimal' }]
      }
    ]
  },
  supervision: {
    title: '督办规则',
    intro: '期限到达前多久提醒，逾期多少个工作日自动上报上一级，以及延期和暂停的上限。',
    sections: [
      {
        title: '提前提醒（分钟）',
        path: ['remindBeforeMinutes'],
        shape: 'object',
        fields: CLOCK_LABELS.map(([key, label]) => int(key, label))
      },
      {
        title: '逾期自动上报',
        note: '每个层级一条；区级没有上级。',
        path: ['escalations'],
        shape: 'list',
        addLabel: '新增上报规则',
        blank: { level: 'community', afterWorkingDays: 3, kinds: ['acceptReply', 'resolveReply'] },
        fields: [
          { key: 'level', label: '诉求所在层级', type: 'select', options: LEVEL_OPTIONS.slice(0, 2) },
          int('afterWorkingDays', '逾期工作日'),
          { key: 'kinds', label: '哪些期限逾期', type: 'multi', options: CLOCK_OPTIONS }
        ]
      },
      {
        title: '延期和暂停',
        path: [],
        shape: 'object',
        fields: [
          int('extensionCapWorkingDays', '延期合计上限（工作日）'),
          int('pauseFreeWorkingDays', '无需批准的暂停（工作日）')
        ]
      }
    ]
  }
};

/** The options of a data-dependent list. */
export function resolveOptions(
  options: FieldSpec['options'],
  rules: RulesView,
  units: readonly AdminUnit[]
): readonly Option[] {
  if (options === undefined) return [];
  if (typeof options !== 'string') return options;
  if (options === 'departments')
    return [
      { value: '', label: '无' },
      ...units.filter((u) => u.kind === 'department' && u.active).map((u) => ({ value: u.id, label: u.name }))
    ];
  const cats = rules.categories.map((c) => ({ value: c.id, label: c.name }));
  return options === 'categoriesAny' ? [{ value: '*', label: '全部类别' }, ...cats] : cats;
}
