// 管理后台: the admin's entry to units and staff, every rule set and the audit log, with the banner
// that warns from October on while next year's holiday schedule is missing (setup.getRules calendarStatus).
import type { CalendarStatus } from '../../../typings';
import { adminPagesRefusal } from '../../services/account/me';
import { getRules } from '../../services/admin';

interface Link {
  title: string;
  description: string;
  url: string;
}

const rule = (kind: string): string => `/packageAdmin/rule/index?kind=${kind}`;

const GROUPS: ReadonlyArray<{ title: string; links: Link[] }> = [
  {
    title: '组织与人员',
    links: [
      {
        title: '单位与工作人员',
        description: '改名、新增、停用单位；邀请、解绑工作人员',
        url: '/packageAdmin/units/index'
      },
      { title: '审计日志', description: '每一项管理操作：谁、何时、改了什么', url: '/packageAdmin/audit/index' },
      {
        title: '对接密钥',
        description: '12345热线等平台的接口密钥和回调地址',
        url: '/packageAdmin/partners/index'
      }
    ]
  },
  {
    title: '办理规则',
    links: [
      { title: '诉求类别', description: '类别、默认部门、起始层级和办理期限', url: rule('categories') },
      { title: '分级办理规则', description: '各类别从哪一级开始办理', url: rule('routing') },
      { title: '办理期限', description: '按类别和层级的响应、办结期限', url: rule('deadlines') },
      { title: '节假日', description: '按日期设置放假和调休上班', url: rule('calendar') },
      { title: '督办规则', description: '提醒时间、逾期上报、延期和暂停上限', url: rule('supervision') }
    ]
  },
  {
    title: '其他设置',
    links: [
      { title: '订阅消息模板', description: '公众平台申请的模板 ID', url: rule('notify') },
      { title: '德分宝积分规则', description: '善行类型和分值、上限、有效期、公示', url: rule('points') },
      { title: '考核权重', description: '区级部门考核中镇街评价的权重', url: rule('kpi') }
    ]
  }
];

/** The banner's words, or '' (chinese-days has no schedule for a year until the State Council publishes it). */
function bannerText(s: CalendarStatus): string {
  const year = !s.thisYearConfigured ? s.thisYear : !s.nextYearConfigured ? s.nextYear : null;
  if (!s.banner || year === null) return '';
  return `尚未配置${year}年的节假日安排。国务院办公厅公布放假通知后，请在“节假日”中按日期录入放假和调休上班的日子；在此之前，${year}年的办理期限只按周末计算。`;
}

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    errorMessage: '',
    banner: '',
    groups: GROUPS
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      void wx.stopPullDownRefresh();
    },
    onRetry() {
      void this.load();
    },
    async load() {
      const refusal = await adminPagesRefusal();
      if (refusal) {
        this.setData({ status: 'error', errorMessage: refusal });
        return;
      }
      const rules = await getRules();
      if (!rules.ok) {
        this.setData({ status: 'error', errorMessage: rules.message });
        return;
      }
      this.setData({ status: 'ready', banner: bannerText(rules.data.calendarStatus) });
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url?: string }>) {
      const url = e.currentTarget.dataset.url;
      if (url) void wx.navigateTo({ url });
    }
  }
});
