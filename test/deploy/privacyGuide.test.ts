/** docs/privacy-guide.md follows the privacy APIs the pages call; npm run check:privacy fails otherwise. */
import fs from 'node:fs';
import path from 'node:path';
import { GUIDE, privacyGuide, readSources, scan, type MiniProgramSources } from '../../scripts/privacy-guide';

const real = readSources();
const committed = fs.readFileSync(path.resolve(__dirname, '../..', GUIDE), 'utf8');

const withFile = (src: MiniProgramSources, file: string, text: string, app = src.app): MiniProgramSources => ({
  files: [...src.files, { path: file, text }],
  app
});

test('the committed guide is the one the code produces, and names what the pages collect', () => {
  const s = scan(real);
  expect(s.problems).toEqual([]);
  expect(privacyGuide(s)).toBe(committed);
  const labels = s.items.map((i) => i.label);
  expect(labels).toEqual(expect.arrayContaining(['位置信息', '选中的照片或视频信息']));
  expect(s.provided.map((p) => p.label)).toEqual(
    expect.arrayContaining(['微信身份标识（OpenID）', '手机号（你主动填写）'])
  );
});

test('a page that starts calling a privacy API puts the guide out of step until it is regenerated', () => {
  const src = withFile(
    real,
    'pages/report/where.ts',
    'export const pick = () => wx.chooseLocation({ success: () => 0 });',
    real.app
  );
  const s = scan(src);
  expect(s.problems).toEqual([]);
  const before = scan(real).items.find((i) => i.label === '选择的位置信息')?.uses[0]?.files ?? [];
  expect(s.items.find((i) => i.label === '选择的位置信息')?.uses).toEqual([
    { what: 'wx.chooseLocation', purposeKey: 'chooseLocation', files: [...before, 'pages/report/where.ts'].sort() }
  ]);
  expect(privacyGuide(s)).not.toBe(committed);
});

test('requiredPrivateInfos must match the location APIs called, both ways', () => {
  // The report form calls wx.chooseLocation: without the declaration, that is a problem.
  const called = scan({ ...real, app: { ...real.app, requiredPrivateInfos: ['getLocation'] } });
  expect(called.problems).toEqual(['app.json requiredPrivateInfos lacks chooseLocation, which the pages call']);
  const stale = scan({
    ...real,
    app: { ...real.app, requiredPrivateInfos: ['getLocation', 'chooseLocation', 'chooseAddress'] }
  });
  expect(stale.problems).toEqual(['app.json requiredPrivateInfos declares chooseAddress, which no page calls']);
});

test('an API without a written purpose is a problem; comments are not calls', () => {
  expect(scan(withFile(real, 'pages/x.ts', 'wx.saveImageToPhotosAlbum({ filePath: p });')).problems).toEqual([
    'wx.saveImageToPhotosAlbum (pages/x.ts): write its purpose in scripts/privacy/items.ts PURPOSES'
  ]);
  const commented = withFile(
    real,
    'pages/y.ts',
    '// wx.chooseImage() is not used\n/* wx.getWeRunData() */\nconst u = "http://x";'
  );
  expect(privacyGuide(scan(commented))).toBe(committed);
});

test('components, scopes and plugins count too', () => {
  const s = scan(
    withFile(
      withFile(
        real,
        'pages/p/index.wxml',
        '<button open-type="getPhoneNumber" bindgetphonenumber="onPhone">手机号</button>'
      ),
      'pages/v.ts',
      "const si = requirePlugin('WechatSI'); wx.authorize({ scope: 'scope.camera' });"
    )
  );
  const byLabel = Object.fromEntries(s.items.map((i) => [i.label, i.uses.map((u) => u.what)]));
  expect(byLabel['手机号']).toEqual(['open-type="getPhoneNumber"']);
  expect(byLabel['麦克风']).toEqual(['插件 WechatSI']);
  expect(byLabel['摄像头']).toEqual(['wx.authorize scope.camera']);
  expect(s.plugins).toEqual(['WechatSI']);
  expect(s.problems).toEqual([
    'open-type="getPhoneNumber" (pages/p/index.wxml): write its purpose in scripts/privacy/items.ts PURPOSES',
    'wx.authorize scope.camera (pages/v.ts): write its purpose in scripts/privacy/items.ts PURPOSES'
  ]);
});
