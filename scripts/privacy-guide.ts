/**
 * docs/privacy-guide.md, the 用户隐私保护指引 that 公众平台 asks for, generated from what the
 * mini-program's code actually collects: the privacy APIs its pages call (wx.getLocation,
 * wx.chooseMedia, …), the WXML components and plugins that collect, app.json's requiredPrivateInfos,
 * and what people type in (phone, descriptions) or the platform learns (OpenID).
 *
 *   npm run privacy-guide        writes docs/privacy-guide.md
 *   npm run check:privacy        fails when the guide is out of step with the code, when an API has no
 *                                purpose written, or when requiredPrivateInfos and the calls disagree
 */
import fs from 'node:fs';
import path from 'node:path';
import { PRIVACY_ITEMS, PROVIDED_ITEMS, PURPOSES, REQUIRED_PRIVATE_INFOS } from './privacy/items';

const root = path.resolve(__dirname, '..');
export const GUIDE = 'docs/privacy-guide.md';

export interface SourceFile {
  /** Relative to the mini-program root, with forward slashes. */
  path: string;
  text: string;
}

export interface MiniProgramSources {
  files: SourceFile[];
  app: {
    requiredPrivateInfos?: string[];
    permission?: Record<string, { desc?: string }>;
    plugins?: Record<string, unknown>;
  };
}

export interface Found {
  label: string;
  /** The APIs, scopes, components or plugins seen, each with the files that use it. */
  uses: Array<{ what: string; purposeKey: string; files: string[] }>;
}

export interface Scan {
  items: Found[];
  provided: Array<{ label: string; purpose: string }>;
  plugins: string[];
  requiredPrivateInfos: string[];
  problems: string[];
  /** Purpose of each use, keyed as in PURPOSES. */
  purposes: Record<string, string>;
}

/** Code without comments: a comment that names an API is not a call. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

export function readSources(mpRoot = path.join(root, 'miniprogram')): MiniProgramSources {
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'miniprogram_npm' || e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ts|wxml)$/.test(e.name) && !e.name.endsWith('.d.ts'))
        files.push({
          path: path.relative(mpRoot, full).split(path.sep).join('/'),
          text: fs.readFileSync(full, 'utf8')
        });
    }
  };
  walk(mpRoot);
  files.sort((a, b) => a.path.localeCompare(b.path));
  const app = JSON.parse(fs.readFileSync(path.join(mpRoot, 'app.json'), 'utf8')) as MiniProgramSources['app'];
  return { files, app };
}

export function scan(src: MiniProgramSources): Scan {
  const ts = src.files.filter((f) => f.path.endsWith('.ts')).map((f) => ({ ...f, text: stripComments(f.text) }));
  const wxml = src.files
    .filter((f) => f.path.endsWith('.wxml'))
    .map((f) => ({ ...f, text: f.text.replace(/<!--[\s\S]*?-->/g, '') }));
  const filesWith = (files: SourceFile[], re: RegExp) => files.filter((f) => re.test(f.text)).map((f) => f.path);
  const problems: string[] = [];
  const purposes: Record<string, string> = { ...PURPOSES };
  const locationDesc = src.app.permission?.['scope.userLocation']?.desc;
  if (locationDesc) purposes.getLocation = locationDesc;

  const pluginsUsed = new Set<string>([
    ...Object.keys(src.app.plugins ?? {}),
    ...ts.flatMap((f) => [...f.text.matchAll(/requirePlugin\(\s*['"]([\w-]+)['"]/g)].map((m) => m[1]))
  ]);
  const items: Found[] = [];
  for (const item of PRIVACY_ITEMS) {
    const uses: Found['uses'] = [];
    for (const api of item.apis) {
      const files = filesWith(ts, new RegExp(`\\bwx\\.${api}\\s*(?:\\?\\.)?\\(`));
      if (files.length) uses.push({ what: `wx.${api}`, purposeKey: api, files });
    }
    for (const scope of item.scopes ?? []) {
      const files = filesWith(ts, new RegExp(`wx\\.authorize\\([^)]*scope\\.${scope}\\b`));
      if (files.length) uses.push({ what: `wx.authorize scope.${scope}`, purposeKey: `scope.${scope}`, files });
    }
    for (const c of item.wxml ?? []) {
      const files = filesWith(wxml, c.pattern);
      if (files.length) uses.push({ what: c.name, purposeKey: c.name, files });
    }
    for (const p of item.plugins ?? [])
      if (pluginsUsed.has(p)) uses.push({ what: `插件 ${p}`, purposeKey: p, files: ['app.json'] });
    if (uses.length) items.push({ label: item.label, uses });
  }
  for (const f of items)
    for (const u of f.uses)
      if (!purposes[u.purposeKey])
        problems.push(`${u.what} (${u.files.join(', ')}): write its purpose in scripts/privacy/items.ts PURPOSES`);

  const called = new Set(items.flatMap((i) => i.uses.map((u) => u.purposeKey)));
  const declared = [...(src.app.requiredPrivateInfos ?? [])].sort();
  for (const api of REQUIRED_PRIVATE_INFOS) {
    if (called.has(api) && !declared.includes(api))
      problems.push(`app.json requiredPrivateInfos lacks ${api}, which the pages call`);
    if (!called.has(api) && declared.includes(api))
      problems.push(`app.json requiredPrivateInfos declares ${api}, which no page calls`);
  }
  if (called.has('getLocation') && !locationDesc)
    problems.push('app.json permission["scope.userLocation"].desc is missing');

  const provided = PROVIDED_ITEMS.filter(
    (p) =>
      (p.evidence.ts && ts.some((f) => p.evidence.ts!.test(f.text))) ||
      (p.evidence.wxml && wxml.some((f) => p.evidence.wxml!.test(f.text)))
  ).map(({ label, purpose }) => ({ label, purpose }));
  return { items, provided, plugins: [...pluginsUsed].sort(), requiredPrivateInfos: declared, problems, purposes };
}

export function privacyGuide(s: Scan): string {
  const out: string[] = [
    '# 莎姐 小程序用户隐私保护指引',
    '',
    '<!-- Generated by `npm run privacy-guide` (scripts/privacy-guide.ts) from the code; `npm run check:privacy` (part of npm test) fails when it is out of step. Edit the purposes in scripts/privacy/items.ts, not here. -->',
    '',
    '本指引写明“莎姐”小程序（大渡口区社会治理）处理哪些个人信息、为什么处理。它由小程序代码生成：页面调用了哪些隐私接口，这里就列出哪些。',
    '在微信公众平台 → 设置 → 服务内容声明 → 用户隐私保护指引 中，按第一节逐项勾选并填写用途；第四、五、六节中【待填写】的内容由运营单位确定后填写。',
    '',
    '## 一、开发者处理的信息（隐私接口）',
    '',
    '| 公众平台选项 | 用途：为了…… | 接口、组件或插件 | 代码位置（miniprogram/） |',
    '| --- | --- | --- | --- |'
  ];
  for (const item of s.items) {
    const purposes = [...new Set(item.uses.map((u) => s.purposes[u.purposeKey]).filter(Boolean))];
    const what = item.uses.map((u) => u.what).join('、');
    const files = [...new Set(item.uses.flatMap((u) => u.files))].join('、');
    out.push(`| ${item.label} | ${purposes.join('；')} | ${what} | ${files} |`);
  }
  if (s.items.length === 0) out.push('| （无） | | | |');
  out.push(
    '',
    `app.json 的 requiredPrivateInfos 声明：${s.requiredPrivateInfos.length ? s.requiredPrivateInfos.join('、') : '无'}。`,
    ''
  );
  out.push('## 二、你主动提供或使用中产生的信息', '');
  for (const p of s.provided) out.push(`- **${p.label}**：为了${p.purpose}。`);
  out.push(
    '',
    '## 三、第三方插件',
    '',
    s.plugins.length
      ? `本小程序使用以下插件：${s.plugins.join('、')}。插件处理信息的规则以插件的隐私保护指引为准。`
      : '本小程序不使用第三方插件。',
    '',
    '## 四、信息的使用、存储与对外提供',
    '',
    '- 开发者只为上述用途处理信息，不用于其他目的。',
    '- 信息存储在中华人民共和国境内的腾讯云云开发（CloudBase）环境中；数据库只有本小程序的云函数和管理控制台能读写，照片存储不公开，只以临时链接提供给有权查看的人员。',
    '- 你发布的文字和照片经微信内容安全接口检测（违法违规内容将被拦截或隐藏）；办理进度通过微信订阅消息发送，仅在你订阅后发送。',
    '- 除法律法规另有规定外，开发者不向其他第三方提供你的个人信息。',
    '- 存储期限：【待填写，例如：诉求办结后保存 X 年，期满删除或匿名化】。',
    '',
    '## 五、你的权益',
    '',
    '- 你可以随时在小程序右上角“···”→“设置”中撤回对位置、相册等权限的授权；撤回后相应功能不可用，不影响其他功能。',
    '- 你可以通过第六节的联系方式查阅、复制、更正、删除你的个人信息。答复时限：【待填写】。',
    '',
    '## 六、开发者联系方式',
    '',
    '- 运营单位：【待填写，例如：重庆市大渡口区社会治理综合服务中心】',
    '- 联系电话或邮箱：【待填写】',
    ''
  );
  return out.join('\n');
}

function main(argv: readonly string[]): number {
  const s = scan(readSources());
  if (s.problems.length) {
    console.error(`privacy: ${s.problems.length} problem(s)\n  ${s.problems.join('\n  ')}`);
    return 1;
  }
  const text = privacyGuide(s);
  const file = path.join(root, GUIDE);
  if (!argv.includes('--check')) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`wrote ${GUIDE}: ${s.items.map((i) => i.label).join('、')}`);
    return 0;
  }
  const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (committed === text) {
    console.log(`privacy: ${GUIDE} matches the code (${s.items.map((i) => i.label).join('、')})`);
    return 0;
  }
  const a = committed.split('\n');
  const b = text.split('\n');
  const at = a.findIndex((line, i) => line !== b[i]);
  console.error(
    `privacy: ${GUIDE} is out of step with the code; run npm run privacy-guide and review the purposes.\n` +
      `  first difference at line ${(at < 0 ? a.length : at) + 1}:\n  - ${a[at] ?? ''}\n  + ${b[at < 0 ? a.length : at] ?? ''}`
  );
  return 1;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
