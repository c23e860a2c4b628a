// Where a case came in (多网合一). Residents file through the mini-program; staff register cases
// told to them elsewhere (cases.register); partners post through Open311. Pure TS.

/** Every channel a case can carry; 'miniprogram' for residents' own submits. */
export const CHANNELS = ['miniprogram', 'hotline', 'visit', 'grid', 'letter', 'partner', 'other', 'proactive'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The channels staff register cases from (cases.register). */
export const REGISTER_CHANNELS = ['hotline', 'visit', 'grid', 'letter', 'partner', 'other'] as const;
export type RegisterChannel = (typeof REGISTER_CHANNELS)[number];

/** 中文 names, for exports and views. */
export const CHANNEL_NAMES: Readonly<Record<Channel, string>> = {
  miniprogram: '小程序',
  hotline: '12345热线',
  visit: '来访',
  grid: '网格巡查',
  letter: '来信',
  partner: '对接平台',
  other: '其他',
  // 主动治理: opened by the nightly clustering job (cloudfunctions/proactive), no reporter of its own.
  proactive: '主动治理'
};

/** A case's channel: cases stored before channels existed carry none and came from the mini-program. */
export function channelOf(c: { channel?: Channel | null }): Channel {
  return c.channel ?? 'miniprogram';
}

/**
 * Whether the reporter rates by a follow-up call (回访) instead of in the mini-program: everyone
 * who did not file there may have no WeChat, so the handling unit owes the call once it resolves.
 */
export function ratesByCall(c: { channel?: Channel | null }): boolean {
  return channelOf(c) !== 'miniprogram';
}

/** The other channels: what a 'miniprogram' filter excludes (older cases have no field at all). */
export function channelsBut(channel: Channel): Channel[] {
  return CHANNELS.filter((c) => c !== channel);
}
