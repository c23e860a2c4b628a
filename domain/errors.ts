// THE one place where error codes become Chinese messages. Codes are stable API: clients branch
// on them, never on message text. To add one: add it to MESSAGES, in its group.
// Pure TS. The mini-program takes only the types (through typings/result.ts): pages show `message`.

/** Code → message a resident understands (简体中文). The codes are this object's keys. */
export const MESSAGES = {
  // generic
  BAD_REQUEST: '请求格式不正确，请刷新后重试',
  UNKNOWN_ACTION: '暂不支持该操作，请更新小程序后重试',
  FIELD_REQUIRED: '还有必填项没有填写',
  FIELD_INVALID: '填写的内容格式不正确，请检查后重试',
  NOT_FOUND: '没有找到相关内容，可能已被删除',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_STAFF: '此操作仅限工作人员使用',
  NOT_ADMIN: '此操作仅限管理员使用',
  INTERNAL: '系统繁忙，请稍后再试',
  CONTENT_RISKY: '内容可能含有不当信息，请修改后再提交',
  // filing a case
  UNKNOWN_CATEGORY: '请选择正确的纠纷类别',
  UNKNOWN_COMMUNITY: '请选择您所在的村（社区）',
  UNKNOWN_UNIT: '没有找到该单位，请重新选择',
  DESCRIPTION_TOO_LONG: '描述内容过长，请精简后再提交',
  TOO_MANY_PHOTOS: '照片数量超过上限，请删减后再提交',
  PHOTO_INVALID: '照片无效，请在小程序内重新上传后再提交',
  PHONE_INVALID: '请填写正确的11位手机号码',
  CASE_NUMBERS_USED_UP: '今日诉求编号已用完，请明日再提交',
  // case flow
  ILLEGAL_TRANSITION: '当前状态下不能进行此操作，请刷新查看最新进展',
  CASE_NOT_ACCEPTABLE: '该诉求已受理或已处理完毕，不能重复受理',
  CASE_NOT_ACCEPTED: '该诉求尚未受理，请先受理',
  CASE_NOT_RESOLVED: '该诉求还在办理中，办结后才能评价',
  CASE_CLOSED: '该诉求已结案',
  OUT_OF_SCOPE: '该诉求不在您所在单位的办理范围内',
  OWN_CASE: '不能办理本人提交的诉求',
  TRANSFER_LEVEL_MISMATCH: '只能转交给同级单位；需要上级处理的，请选择“上报”',
  TRANSFER_SAME_UNIT: '不能转交给本单位',
  CANNOT_ESCALATE: '已由区莎姐调解中心办理，不能再上报',
  ALREADY_RATED: '您已经评价过了，感谢您的反馈',
  NOT_REPORTER: '只有提交诉求的群众本人才能评价',
  FOLLOW_UP_TOO_EARLY: '办结后7天内由群众自行评价，期满未评价的才能回访结案',
  CONCURRENT_UPDATE: '该诉求刚刚被其他人更新，请刷新后再试',
  CONTENT_CHECK_UNAVAILABLE: '内容安全检测暂时不可用，请稍后再提交',
  TEXT_TOO_LONG: '填写的文字太长了，请精简后再提交',
  // staff accounts and admin data
  INVITE_INVALID: '邀请码无效，请向管理员核实',
  INVITE_USED: '该邀请码已被使用',
  INVITE_EXPIRED: '邀请码已过期，请联系管理员重新获取',
  INVITE_REVOKED: '该邀请码已失效（单位已停用，或邀请人已不再有邀请权限），请联系管理员重新获取',
  ALREADY_BOOTSTRAPPED: '系统已有管理员，初始化邀请码不再可用，请向管理员索取邀请码',
  BOOTSTRAP_CONSOLE_ONLY: '系统初始化只能在云开发控制台中进行',
  NOT_LOCAL_CLOUD: '演示数据只能在本地云环境中加载',
  NOT_BOUND: '该用户没有绑定工作人员或管理员身份',
  LAST_ADMIN: '您是唯一的管理员，不能解除自己的绑定，请先邀请另一位管理员',
  CALENDAR_DATE_INVALID: '日期格式不正确，应为“年-月-日”，如 2027-01-01',
  NOT_LOGGED_IN: '无法确认您的身份，请在微信中重新打开小程序后再试',
  SETUP_REQUIRED: '系统尚未完成初始化，请联系管理员',
  LEVEL_INVALID: '办理层级不正确，应为村（社区）、镇街或区',
  DEADLINE_RULE_INVALID: '办理时限规则设置不正确，请检查后重试',
  // issue 12: staff, units and rules admins edit
  NOT_UNIT_HEAD: '只有管理员或本单位负责人可以进行此操作',
  OUTSIDE_OWN_UNIT: '单位负责人只能邀请、查看本单位的工作人员',
  INVITE_ROLE_NOT_ALLOWED: '单位负责人只能邀请普通工作人员',
  STAFF_NOT_FOUND: '没有找到该工作人员，可能已被解除绑定',
  HEAD_MUST_BE_STAFF: '只有单位的工作人员可以设为负责人',
  NAME_INVALID: '姓名应为1到20个字',
  UNIT_INACTIVE: '该单位已停用，不能再接收新的诉求',
  UNIT_CODE_INVALID: '区划代码不正确：应为12位数字，且前9位与所属镇街一致',
  UNIT_EXISTS: '该单位已存在，请勿重复添加',
  UNIT_HAS_OPEN_CASES: '该单位还有未办结的诉求，不能删除，只能停用并改派',
  UNIT_HAS_CASES: '该单位有历史诉求记录，不能删除，只能停用',
  UNIT_HAS_STAFF: '该单位还有绑定的工作人员，请先解除绑定',
  UNIT_HAS_CHILDREN: '该单位下还有下属单位，不能删除',
  UNIT_NOT_DELETABLE: '区和镇街不能删除，只能改名',
  NOT_A_TOWN: '村（社区）只能添加在镇街之下',
  DISTRICT_ALWAYS_ACTIVE: '区综治中心不能停用',
  UNIT_DEACTIVATE_FIRST: '请先停用该单位，停用一分钟后才能删除',
  CATEGORY_RULE_INVALID: '诉求类别设置不正确，请检查后重试',
  POINTS_RULE_INVALID: '积分规则设置不正确，请检查后重试',
  KPI_RULE_INVALID: '考核权重设置不正确，应在0到1之间',
  SUPERVISION_RULE_INVALID: '督办规则设置不正确，请检查后重试',
  // 三吹哨三报到, supervision on the clock
  WHISTLE_NOT_ALLOWED: '只有镇街和区级工作人员可以吹哨调度部门',
  NOT_A_DEPARTMENT: '只能向区级职能部门吹哨，请重新选择',
  ALREADY_WHISTLED: '已向该部门吹哨，请勿重复吹哨',
  NOT_WHISTLED: '该诉求没有向您所在部门吹哨，无需报到',
  NOT_WHISTLER: '只有吹哨单位才能进行此操作',
  ALREADY_CHECKED_IN: '已经报到过了',
  NOT_CHECKED_IN: '请先报到，再反馈办理结果',
  ALREADY_REPORTED: '已经反馈过办理结果了',
  WHISTLE_NOT_ACTIVE: '该吹哨已撤回或已反馈结果，不能再撤回',
  WHISTLES_PENDING: '还有被吹哨的部门未反馈办理结果，暂不能办结',
  NOT_REPORTED_YET: '该部门尚未反馈办理结果，暂不能评价',
  ALREADY_EVALUATED: '已经评价过了，每项评价只能提交一次',
  SCORE_INVALID: '评分应为1到5之间的整数',
  NOT_SUPERVISOR: '只有上级督办单位才能审批延期或挂起',
  EXTENSION_PENDING: '已有延期申请正在审批中',
  NO_EXTENSION_PENDING: '没有待审批的延期申请',
  EXTENSION_CAP_REACHED: '本案累计延期将超过上限，不能再延期',
  OWN_REQUEST: '不能审批本人提出的申请，请由其他工作人员审批',
  NO_PAUSE_PENDING: '没有待审批的挂起',
  ALREADY_PAUSED: '该诉求已挂起，等待群众补充材料',
  NOT_PAUSED: '该诉求未挂起，无需恢复',
  DISTRICT_ONLY: '此操作仅限区综治中心使用',
  REASSIGN_TARGET_INVALID: '只能改派给村（社区）、镇街或区调解中心；部门请通过吹哨调度',
  NOT_STAFF_TARGET: '被派遣人不是工作人员，请重新选择',
  CADRE_OUT_OF_SCOPE: '被派遣人所在单位与该诉求无关，请重新选择',
  VISIT_TIME_INVALID: '到场时间应在现在之后30天以内',
  NOT_DISPATCHED: '您没有被派遣到该诉求现场',
  NOT_ON_SITE: '请先在现场签到，再记录处置情况',
  VISIT_RECORDED: '已经记录过本次到场处置情况',
  // the reporter's own actions (issue 13)
  REPORTER_ONLY: '只有提交诉求的群众本人才能进行此操作',
  NOT_WAITING_FOR_MATERIAL: '该诉求没有在等待您补充材料',
  URGE_TOO_EARLY: '办理尚在时限内，超过受理时限或临近办结时限后才能催办',
  URGE_ONCE_A_DAY: '每个工作日只能催办一次，请下个工作日再催办',
  URGE_WHILE_PAUSED: '该诉求正在等待您补充材料，请先补充材料',
  CASE_WITHDRAWN: '该诉求已撤回',
  WITHDRAW_AFTER_ACCEPTANCE: '诉求已受理，不能撤回；如已解决可在办结后评价',
  LOCATION_OUTSIDE_DISTRICT: '所选位置不在本区范围内，请重新选择',
  POINTS_CODE_INVALID: '积分码无效或已过期，请居民刷新积分码后重新扫码',
  CASE_CODE_INVALID: '诉求编号格式应为 DDK-年月日-4位序号，例如 DDK-20261205-0001',
  // 三上三下三公开 (deliberation)
  STAGE_OUT_OF_ORDER: '议题当前所处阶段不能进行此操作，请刷新后查看',
  TOPIC_CLOSED: '该议题已结束，已公开的内容不能再更改',
  COMMENTS_CLOSED: '意见征集已截止或尚未开始',
  VOTE_CLOSED: '表决已结束，不能再投票',
  ALREADY_VOTED: '您已投过票，每人（每户）只能投一次',
  NOT_VOTING_MEMBER: '您不是本次表决的成员，不能投票',
  NOT_COUNCIL: '只有本村（社区）议事会才能进行此操作',
  NOT_COMMITTEE_MEMBER: '只有本村（社区）监督委员会成员才能审核',
  NOT_YOUR_COMMUNITY: '您不是该村（社区）的居民，请先选择“我的村（社区）”',
  RESIDENTS_ONLY: '此操作仅限居民本人使用',
  VOTE_WINDOW_INVALID: '表决截止时间须在1小时之后、30天之内',
  ROSTER_EMPTY: '该表决主体还没有成员，无法发起表决',
  ROSTER_OTHER_COMMUNITY: '您已是其他村（社区）的代表或监督委员会成员，不能在此登记',
  HOUSEHOLD_CODE_INVALID: '户代表登记码无效或已过期，请向村（社区）工作人员核实',
  HOUSEHOLD_TAKEN: '您已登记为另一户的投票代表',
  RULES_INVALID: '议事规则设置不合理，请检查法定人数、表决比例和时限',
  TOPIC_BUSY: '当前参与人数较多，请稍后再试',
  // similar cases and follow (未诉先办)
  CASE_OWN_FOLLOW: '这是您自己提交的诉求，无需关注',
  CASE_BUSY: '该诉求正在被多人操作，请稍后再试',
  MERGE_SELF: '不能把诉求合并到它自己',
  MERGE_TWICE: '该诉求已合并到其他诉求，不能再次合并',
  MERGE_ACROSS_DISTRICTS: '不能跨区合并诉求',
  MERGE_INTO_CLOSED: '目标诉求已结案，不能合并进去',
  // people's mediation
  JOIN_TOKEN_USED: '该邀请链接已被使用，不能再次加入',
  JOIN_TOKEN_EXPIRED: '该邀请链接已过期，请联系调解组织重新发送',
  MEDIATION_OWN_INVITE: '申请人不能以被申请人身份加入本人发起的调解',
  MEDIATION_STAGE: '当前调解阶段不能进行此操作',
  MEDIATION_NOT_PARTY: '只有本次调解的当事人、调解员或承办单位工作人员可以操作',
  MEDIATOR_CONFLICT: '该调解员与当事人存在利害关系或已回避，不能担任本案调解员',
  RECUSAL_LIMIT: '每方当事人只能直接申请一次回避，再次申请须经调解委员会同意',
  TERM_DUE_REQUIRED: '协议的每一项履行内容都须写明履行期限',
  DRAFT_VOIDED: '该协议稿已修改，原签名作废，请查看最新协议后重新签名',
  ALREADY_SIGNED: '您已在本协议上签名，无需重复签名',
  SIGNATURE_INVALID: '签名须为您本人刚上传的手写签名图片',
  CONFIRMATION_WINDOW_CLOSED: '协议生效已超过30日，不能再共同申请司法确认',
  MEDIATION_ACTIVE: '该诉求已有进行中的调解',
  ALREADY_REPLIED: '该问题已答复',
  // 德分宝 points
  POINTS_INVALID: '积分数值不正确，应为正整数',
  ALREADY_AWARDED: '这笔积分已经发放过了',
  DAILY_CAP_EXCEEDED: '该居民今日获得的积分已达上限，请明日再发放',
  MONTHLY_CAP_EXCEEDED: '该居民本月获得的积分已达上限',
  AWARD_OUT_OF_RANGE: '积分超出该类善行的分值范围',
  INSUFFICIENT_POINTS: '可用积分不足（公示期内的积分暂不能使用）',
  QUANTITY_INVALID: '兑换数量不正确，请重新选择',
  ITEM_NOT_FOUND: '没有找到该商品，可能已被删除',
  ITEM_OFF_SHELF: '该商品已下架',
  ITEM_EXPIRED: '该商品已过兑换期限',
  OUT_OF_STOCK: '商品库存不足',
  MONTHLY_LIMIT_REACHED: '已超过该商品本月每人限兑数量',
  REQUEST_REUSED: '该请求编号已用于另一笔兑换，请刷新后重试',
  POINTS_BUSY: '当前兑换人数较多，请稍后再试',
  ORDER_NOT_FOUND: '没有找到该订单，请核对后重试',
  NOT_YOUR_ORDER: '这不是您的订单',
  ORDER_COLLECTED: '该订单已核销领取',
  ORDER_CANCELLED: '该订单已取消',
  PICKUP_CODE_INVALID: '取货码应为12位数字',
  UNKNOWN_DEED_TYPE: '请选择正确的善行类别',
  CLAIM_NOT_FOUND: '没有找到该申请',
  CLAIM_DECIDED: '该申请已审核，不能重复审核',
  OWN_CLAIM: '不能审核自己提交的申请',
  OWN_AWARD: '不能给自己发放积分',
  NOT_COMMUNITY_STAFF: '只有该村（社区）的工作人员才能进行此操作',
  AWARD_NOT_FOUND: '没有找到该公示',
  NOT_PENDING: '该积分已生效或已撤销，不能再处理',
  NOTICE_ENDED: '公示期已结束，不能再提出异议',
  OBJECT_OWN: '不能对自己获得的积分提出异议',
  ALREADY_OBJECTED: '您已对该公示提出过异议，请等待处理',
  NO_OBJECTION: '该公示没有待处理的异议',
  RECIPIENT_IS_STAFF: '不能给工作人员发放积分',
  SAME_APPROVER: '需由另一位工作人员复核，不能复核自己发起的奖励',
  AWARD_NOT_AWAITING: '该奖励已复核，不能重复处理',
  TOO_MANY_ATTEMPTS: '取货码错误次数过多，请一小时后再试',
  // assessment figures (stats)
  PERIOD_INVALID: '统计时段不正确：请填写有效日期，且开始日期不能晚于结束日期',
  PERIOD_TOO_LONG: '统计时段最长为366天，请缩短后再查询',
  // 主动治理 and 每月一题 (cloudfunctions/proactive)
  TOPIC_NOT_FOUND: '该月没有这个聚类议题',
  TOPIC_ALREADY_PICKED: '本月的每月一题已经选定',
  TOPIC_NOT_PICKED: '本月尚未选定每月一题',
  TOPIC_NOT_DONE: '每月一题的主动治理案件尚未办结，暂不能公布结果',
  NOT_TOPIC_PICKER: '只有区综治中心可以选定和公布每月一题',
  UNIT_OUT_OF_SCOPE: '只能查看本单位及下辖单位的考核数据',
  EXPORT_FAILED: '导出文件生成失败，请稍后再试',
  // partners (issue 14)
  PARTNER_KEY_NOT_FOUND: '没有这个对接密钥，或它已被停用',
  WEBHOOK_URL_INVALID: '回调地址须为 https 地址'
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof MESSAGES;

/**
 * Codes the mini-program makes itself, never a cloud function: the call did not get through or did not
 * answer a Result, or a photo did not upload. It words them (services/cloud.ts, services/storage).
 */
export type ClientErrorCode = 'NETWORK' | 'CLOUD_FUNCTION_FAILED' | 'UPLOAD_FAILED';

/** A refused operation: a stable code and optional detail for logs (not shown to residents). */
export interface Failure {
  ok: false;
  code: ErrorCode;
  detail?: string;
}

/** Builds a Failure. */
export function fail(code: ErrorCode, detail?: string): Failure {
  return detail === undefined ? { ok: false, code } : { ok: false, code, detail };
}

/** Whether a string is a known error code. */
export function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(MESSAGES, x);
}

/** The Chinese message of a code; unknown codes get the INTERNAL message. */
export function messageOf(code: string): string {
  return isErrorCode(code) ? MESSAGES[code] : MESSAGES.INTERNAL;
}
