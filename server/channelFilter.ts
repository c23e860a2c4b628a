import { channelsBut, type Channel } from '../domain/channel';
import { database } from './cloud';

/**
 * The where-condition of one channel. Cases stored before channels existed have no field and count
 * as 'miniprogram', so that filter is "none of the others" (matches a missing field).
 */
export function channelCondition(channel: Channel): unknown {
  return channel === 'miniprogram' ? database().command.nin(channelsBut('miniprogram')) : channel;
}
