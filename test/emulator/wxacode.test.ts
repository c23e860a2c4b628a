// The local cloud's wxacode.getUnlimited, as wx-server-sdk sees it: a protobuf request of JSON pairs
// (snake_case keys), answered with an image (PNG bytes, content type image/png) or a JSON errcode.
import { expect } from '@jest/globals';
import jsQR from 'jsqr';
import protobuf from 'protobufjs';
import { LocalOpenApi } from '../../emulator/openapi';
import { decodePng } from '../support/png';

// The SDK's own message shapes (node_modules/wx-server-sdk, openapi protobuf).
const root = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: { fields: { key: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    CommApiData: { fields: { apiType: { type: 'int32', id: 1 }, openapiData: { type: 'OpenApiData', id: 2 } } },
    CommOpenApiResp: {
      fields: { respData: { type: 'bytes', id: 1 }, contentType: { type: 'string', id: 2 } }
    }
  }
});
const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');

const api = new LocalOpenApi({ now: () => 0, riskyWords: () => [], mediaCheck: () => ({ traceId: 't' }) });

async function call(params: Record<string, unknown>): Promise<{ contentType: string; body: Buffer }> {
  const pairs = Object.entries(params).map(([key, v]) => ({ key, value: Buffer.from(JSON.stringify(v)) }));
  const req = Buffer.from(CommApiData.encode(CommApiData.create({ apiType: 1, openapiData: { pairs } })).finish());
  const res = CommOpenApiResp.decode(await api.handle('wxacode.getUnlimited', req)) as unknown as {
    respData: Uint8Array;
    contentType: string;
  };
  return { contentType: res.contentType, body: Buffer.from(res.respData) };
}

test('a PNG that reads back as the page and scene, in the version asked for, at the width asked for', async () => {
  const res = await call({
    scene: 'a=1&b=ABCD2345',
    page: 'packageAdmin/redeem/index',
    check_path: false,
    env_version: 'trial',
    width: 300
  });
  expect(res.contentType).toBe('image/png');
  const { width, height, data } = decodePng(res.body);
  expect(width).toBe(300);
  expect(jsQR(data, width, height)?.data).toBe(
    `wxacode://packageAdmin/redeem/index?scene=${encodeURIComponent('a=1&b=ABCD2345')}&env_version=trial`
  );
  // Defaults: release, 430 px.
  const plain = decodePng((await call({ scene: 'X', page: 'pages/home/index' })).body);
  expect(plain.width).toBe(430);
  expect(jsQR(plain.data, plain.width, plain.height)?.data).toBe(
    'wxacode://pages/home/index?scene=X&env_version=release'
  );
});

test.each([
  [{ scene: 'A'.repeat(33), page: 'pages/home/index' }, 40169],
  [{ scene: '', page: 'pages/home/index' }, 40169],
  [{ scene: 'AB CD', page: 'pages/home/index' }, 40169],
  [{ scene: '中文', page: 'pages/home/index' }, 40169],
  [{ scene: 'ABCD2345', page: '/pages/home/index' }, 41030],
  [{ scene: 'ABCD2345', page: 'pages/home/index?x=1' }, 41030],
  [{ scene: 'ABCD2345', env_version: 'beta' }, 40097]
])('refused as WeChat refuses it: %j → %i', async (params, errcode) => {
  const res = await call(params);
  expect(res.contentType).toBe('application/json');
  expect(JSON.parse(res.body.toString())).toMatchObject({ errcode });
});

test('32 characters is the longest scene', async () => {
  expect((await call({ scene: 'A'.repeat(32), page: 'pages/home/index' })).contentType).toBe('image/png');
});
