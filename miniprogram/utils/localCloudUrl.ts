// Pure (no `wx`), so tests import it: where a URL the local cloud handed out is reached from this device.

/**
 * The URL moved onto the address this device reaches the local cloud by (`localUrl`). The cloud
 * names itself as its functions see it (127.0.0.1 when it listens on 0.0.0.0), which on a phone is
 * the phone itself. Anything that is not an http(s) URL comes back unchanged.
 */
export function onLocalCloud(localUrl: string, url: string): string {
  const rest = /^https?:\/\/[^/?#]+(.*)$/.exec(url)?.[1];
  return rest === undefined ? url : `${localUrl}${rest}`;
}
