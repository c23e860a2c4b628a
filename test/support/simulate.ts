/**
 * Renders real mini-program pages in jest (jsdom, set by the test file's docblock) with
 * miniprogram-simulate and WeChat's own template compiler (wcc), TDesign components included. A page test:
 *
 *   signIn(cloud.url, 'resident-1');
 *   const page = await loadPage('pages/home/index', { query: { id: '1' } });
 *   await page.waitForText('角色 居民');          // the answer comes over real HTTP
 *   await page.tapText('我要吹哨');               // as a finger would
 *   expect(wxControl.showToast).toHaveBeenCalled();
 *
 * What it takes care of (each measured, see /work/shared/notes/cloudbase-offline.md):
 * - usingComponents from app.json and the page, with npm paths (`tdesign-miniprogram/x/x`) rewritten
 *   to the copies `npm install` puts in miniprogram/miniprogram_npm (simulate cannot resolve npm paths);
 * - one wcc compilation of every wxml of the mini-program, shared by all loads in a test file;
 * - each load in its own module registry (simulate cannot load the same page twice otherwise);
 * - globals a page expects: App/getApp (the real app.ts, launched once), getCurrentPages, Page (mapped
 *   onto Component), and the `wx` of ./simulate-wx.
 * Page lifecycles are driven like WeChat: onLoad(query), onShow, onReady; unload() runs onUnload.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as nodeSetTimeout } from 'node:timers';
import { jest } from '@jest/globals';
import { startLocalCloud as startLocalCloudInNode, type StartOptions, type TestCloud } from './localcloud';
import { LOCAL_CLOUD_STORAGE_KEY } from '../../miniprogram/config';
import { installWx, type WxControl } from './simulate-wx';

export const miniprogramRoot = path.resolve(__dirname, '../../miniprogram');
const NPM_DIR = 'miniprogram_npm';
/** Packages whose components app.json / page json name by npm path. */
const NPM_PACKAGES = ['tdesign-miniprogram'];

// Typed locally on purpose: miniprogram-api-typings (which j-component's and simulate's types load)
// declares a global `require` that breaks Node code in the same tsc program, and the root tsconfig
// has no DOM lib. So only the little used here is declared.

/**
 * What a page keeps in `this.data`, and its handlers, as page tests reach them. Transitional: the
 * page tests still read fields by path untyped; once they name shapes (loadPage<Shape>), `Loose`
 * becomes `unknown`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- transitional, see above
type Loose = any;
export type PageData = Record<string, Loose>;

/** A page's or component's `this`: data, setData, the page's methods and lifecycles. */
export type PageInstance<D extends object = PageData> = Record<string, Loose> & {
  data: D;
  setData(data: Record<string, unknown>, callback?: () => void): void;
  route: string;
  options: Record<string, string>;
};

/** The lifecycles loadPage drives, as WeChat would. */
interface Lifecycles {
  onLoad?(query: Record<string, string>): unknown;
  onShow?(): unknown;
  onReady?(): unknown;
  onUnload?(): unknown;
}

/** A DOM element of the rendered page (jsdom). */
export interface DomElement {
  textContent: string | null;
  innerHTML: string;
  contains(other: DomElement): boolean;
  dispatchEvent(event: unknown): boolean;
}

/** A node of the rendered tree, as j-component exposes it. */
export interface SimNode<D extends object = PageData> {
  readonly dom: DomElement | undefined;
  readonly data: D;
  readonly instance: PageInstance<D>;
  dispatchEvent(eventName: string, options?: { detail?: unknown }): void;
  querySelector(selector: string): SimNode | undefined;
  querySelectorAll(selector: string): SimNode[];
}

interface SimRoot<D extends object = PageData> extends SimNode<D> {
  attach(parent: unknown): void;
  detach(): void;
}

interface Simulate {
  load(componentPath: string, options: Record<string, unknown>): string;
  render<D extends object = PageData>(id: string, properties?: Record<string, unknown>): SimRoot<D>;
  sleep(ms?: number): Promise<void>;
}

interface Dom {
  document: {
    createElement(tag: string): unknown;
    createTreeWalker(root: DomElement, whatToShow: number): { nextNode(): DomElement | null };
  };
  NodeFilter: { SHOW_ELEMENT: number; SHOW_TEXT: number };
  Touch: new (init: Record<string, unknown>) => unknown;
  TouchEvent: new (type: string, init: Record<string, unknown>) => unknown;
}

const g = globalThis as unknown as Record<string, unknown>;
/** jsdom's globals; only read once a page loads, so this module can be imported anywhere. */
const dom = (): Dom => {
  if (typeof g.document !== 'object') throw new Error('page tests need the `@jest-environment jsdom` docblock');
  return g as unknown as Dom;
};

// ---- globals, before miniprogram-simulate is loaded -------------------------------------------
/** What App({...}) was given: globalData and the app's lifecycles. */
interface AppInstance {
  globalData?: Record<string, unknown>;
  onLaunch?(options: { path: string; query: Record<string, string>; scene: number }): void;
  [member: string]: unknown;
}
let appInstance: AppInstance | null = null;
const pageStack: Array<PageInstance<object>> = [];

g.App = (options: Record<string, unknown>) => {
  appInstance = options;
};
g.getApp = () => appInstance ?? { globalData: {} };
g.getCurrentPages = () => [...pageStack];

/** A classic Page({...}) becomes a Component whose methods are the page's functions and lifecycles. */
g.Page = (options: Record<string, unknown>) => {
  const { data, options: componentOptions, behaviors, ...rest } = options;
  const methods: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) (typeof v === 'function' ? methods : fields)[k] = v;
  (g.Component as (o: unknown) => void)({
    data,
    options: componentOptions,
    behaviors,
    methods,
    lifetimes: {
      created(this: Record<string, unknown>) {
        Object.assign(this, JSON.parse(JSON.stringify(fields)));
      }
    }
  });
};

// Required here, after the globals above are set (an import would be hoisted above them).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate') as Simulate;

/** The fake `wx` behind every page of this test file. */
export const wxControl: WxControl = installWx(g.wx as Record<string, unknown>);

/** The page's calls go to the local cloud at `url` as `openid` (what the develop build's identity switcher stores). */
export function signIn(url: string, openid: string): void {
  wxControl.storage.set(LOCAL_CLOUD_STORAGE_KEY, { url, openid });
}

/**
 * startLocalCloud from ./localcloud, usable under jsdom: it unrefs its start-up timer, and jsdom's
 * setTimeout returns a number without unref, so Node's timer stands in during the call.
 */
export function startLocalCloud(opts?: StartOptions): Promise<TestCloud> {
  const jsdomSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = nodeSetTimeout;
  try {
    return startLocalCloudInNode(opts);
  } finally {
    globalThis.setTimeout = jsdomSetTimeout;
  }
}

// ---- paths -------------------------------------------------------------------------------------
/** The part of app.json or a page's json that loading reads. */
interface PageJson {
  usingComponents?: Record<string, string>;
}
function readJson(file: string): PageJson {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PageJson;
  } catch (e) {
    throw new Error(`${path.relative(process.cwd(), file)}: ${(e as Error).message}`);
  }
}

/** `tdesign-miniprogram/button/button` → `/miniprogram_npm/tdesign-miniprogram/button/button`; others unchanged. */
export function rewriteNpmPath(value: string): string {
  return NPM_PACKAGES.some((pkg) => value.startsWith(`${pkg}/`)) ? `/${NPM_DIR}/${value}` : value;
}

function usingComponentsFor(pageFile: string): Record<string, string> {
  const merged = {
    ...(readJson(path.join(miniprogramRoot, 'app.json')).usingComponents ?? {}),
    ...(readJson(`${pageFile}.json`).usingComponents ?? {})
  } as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [tag, value] of Object.entries(merged)) {
    const rewritten = rewriteNpmPath(value);
    const target = rewritten.startsWith('/')
      ? path.join(miniprogramRoot, rewritten)
      : path.resolve(path.dirname(pageFile), rewritten);
    if (!fs.existsSync(`${target}.json`)) {
      const hint =
        rewritten !== value ? ' (run `npm run postinstall` to copy npm components into miniprogram_npm)' : '';
      throw new Error(`usingComponents "${tag}": ${value} does not resolve${hint}`);
    }
    out[tag] = rewritten;
  }
  return out;
}

/** Root-relative paths of every file with this extension under the mini-program (npm copies included). */
function filesWithExt(ext: string, dir = miniprogramRoot): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesWithExt(ext, full));
    else if (entry.name.endsWith(ext)) out.push(path.relative(miniprogramRoot, full).split(path.sep).join('/'));
  }
  return out.sort();
}

// simulate caches wcc's output per rootPath, so every load must compile the same, complete list.
let compilerOptions: { wxmlList: string[]; wxsList: string[]; maxBuffer: number } | null = null;
function getCompilerOptions(): NonNullable<typeof compilerOptions> {
  compilerOptions ??= { wxmlList: filesWithExt('.wxml'), wxsList: filesWithExt('.wxs'), maxBuffer: 64 * 1024 * 1024 };
  return compilerOptions;
}

// ---- the app -------------------------------------------------------------------------------------
/** Runs miniprogram/app.ts once per test file, like WeChat before the first page. */
export function launchApp(): AppInstance {
  if (!appInstance) {
    jest.isolateModules(() => {
      // A computed path, required inside the isolated registry: an import cannot do either.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(miniprogramRoot, 'app'));
    });
    // App() ran inside the callback, which TypeScript's narrowing cannot see.
    const launched = appInstance as AppInstance | null;
    if (!launched) throw new Error('miniprogram/app.ts did not call App()');
    launched.onLaunch?.({ path: '', query: {}, scene: 1001 });
    return launched;
  }
  return appInstance;
}

/** Forgets the launched app, so the next loadPage launches app.ts again (e.g. after changing envVersion). */
export function resetApp(): void {
  appInstance = null;
  pageStack.length = 0;
}

// ---- pages ---------------------------------------------------------------------------------------
export interface LoadOptions {
  /** The page's query, as onLoad receives it. */
  query?: Record<string, string>;
}

export interface LoadedPage<D extends object = PageData> {
  route: string;
  root: SimNode<D>;
  /** The page's `this`. */
  instance: PageInstance<D>;
  readonly data: D;
  /** Visible text, one space between separate pieces of text. */
  text(): string;
  /**
   * Nodes by selector, in the page's own tree. Only class and id selectors work; reach inside
   * components with `>>>` after a class of the page: `.home__dev >>> .t-button`.
   */
  query(selector: string): SimNode<PageData> | undefined;
  queryAll(selector: string): Array<SimNode<PageData>>;
  /** Taps the first node matching selector (see query). */
  tap(selector: string): Promise<void>;
  /** The innermost element showing this text, inside components too (undefined if none). */
  findByText(text: string): DomElement | undefined;
  /** Taps where this text is shown, as a finger would: touchstart + touchend, which the page sees as a tap. */
  tapText(text: string): Promise<void>;
  /** Types into the TDesign textarea or input inside `box`, as a keyboard would: the inner native field's input event. */
  typeInto(box: string, value: string): Promise<void>;
  /** Polls until check neither throws nor returns false, for answers that arrive over HTTP; returns its value. */
  waitFor<T>(check: () => T, timeoutMs?: number): Promise<T>;
  waitForText(text: string, timeoutMs?: number): Promise<void>;
  unload(): void;
}

function pageFileOf(route: string): string {
  const file = path.join(miniprogramRoot, route.replace(/^\//, ''));
  const missing = ['.ts', '.json', '.wxml', '.wxss'].filter((ext) => !fs.existsSync(file + ext));
  if (missing.length) throw new Error(`page ${route} is missing ${missing.join(', ')}`);
  return file;
}

/** Loads, renders and attaches a page, then runs onLoad(query), onShow and onReady. */
export async function loadPage<D extends object = PageData>(
  route: string,
  opts: LoadOptions = {}
): Promise<LoadedPage<D>> {
  launchApp();
  const pageFile = pageFileOf(route);
  let id: string | undefined;
  jest.isolateModules(() => {
    id = simulate.load(pageFile, {
      compiler: 'official',
      rootPath: miniprogramRoot,
      usingComponents: usingComponentsFor(pageFile),
      compilerOptions: getCompilerOptions()
    });
  });
  if (!id) throw new Error(`miniprogram-simulate did not load ${route}`);
  const root = simulate.render<D>(id);
  root.attach(dom().document.createElement('parent-wrapper'));
  const instance = root.instance;
  const query = { ...opts.query };
  instance.route = route.replace(/^\//, '');
  instance.options = query;
  pageStack.push(instance);
  const lifecycles = instance as Lifecycles;
  lifecycles.onLoad?.(query);
  lifecycles.onShow?.();
  lifecycles.onReady?.();
  await simulate.sleep(0);

  const page: LoadedPage<D> = {
    route: instance.route,
    root,
    instance,
    get data() {
      return root.data;
    },
    text: () => textOf(root.dom),
    query: (selector) => root.querySelector(selector),
    queryAll: (selector) => root.querySelectorAll(selector),
    async tap(selector) {
      const node = root.querySelector(selector);
      if (!node) throw new Error(`${route}: nothing matches ${selector} to tap. Text: ${page.text()}`);
      node.dispatchEvent('tap');
      await simulate.sleep(0);
    },
    findByText: (text) => findByText(root.dom, text),
    async tapText(text) {
      const el = findByText(root.dom, text);
      if (!el) throw new Error(`${route}: no "${text}" to tap. Text: ${page.text()}`);
      touch(el);
      await simulate.sleep(0);
    },
    async typeInto(box, value) {
      const node = page.query(`${box} >>> .t-textarea__wrapper-inner`) ?? page.query(`${box} >>> .t-input__control`);
      if (!node) throw new Error(`${route}: no text field in ${box}`);
      node.dispatchEvent('input', { detail: { value, cursor: value.length } });
      await simulate.sleep(0);
    },
    async waitFor(check, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        try {
          const value = check();
          if (value !== false) return value;
          if (Date.now() > deadline) throw new Error(`waitFor: still false after ${timeoutMs} ms`);
        } catch (e) {
          if (Date.now() > deadline) throw e;
        }
        await simulate.sleep(10);
      }
    },
    async waitForText(text, timeoutMs) {
      await page.waitFor(() => {
        if (!page.text().includes(text)) throw new Error(`${route}: "${text}" not shown. Text: ${page.text()}`);
        return true;
      }, timeoutMs);
    },
    unload() {
      lifecycles.onUnload?.();
      root.detach();
      const i = pageStack.indexOf(instance);
      if (i >= 0) pageStack.splice(i, 1);
    }
  };
  return page;
}

// ---- DOM helpers ---------------------------------------------------------------------------------
function textOf(node: DomElement | undefined): string {
  if (!node) return '';
  const { document, NodeFilter } = dom();
  const parts: string[] = [];
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.textContent?.trim();
    if (t) parts.push(t);
  }
  return parts.join(' ').replace(/\s+/g, ' ');
}

/** An element whose whole text is `text` (a button, a label), else the innermost one containing it. */
function findByText(root: DomElement | undefined, text: string): DomElement | undefined {
  if (!root) return undefined;
  const { document, NodeFilter } = dom();
  let exact: DomElement | undefined;
  let containing: DomElement | undefined;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  // Document order visits ancestors first, so the last match along one branch is the innermost.
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = textOf(n);
    if (t === text && (!exact || exact.contains(n))) exact = n;
    if (t.includes(text) && (!containing || containing.contains(n))) containing = n;
  }
  return exact ?? containing;
}

/** A finger tap: j-component turns a short touchstart/touchend on one spot into a `tap` event. */
function touch(el: DomElement): void {
  const { Touch, TouchEvent } = dom();
  const point = new Touch({ identifier: 1, target: el, clientX: 1, clientY: 1, pageX: 1, pageY: 1 });
  el.dispatchEvent(
    new TouchEvent('touchstart', { bubbles: true, cancelable: true, touches: [point], changedTouches: [point] })
  );
  el.dispatchEvent(
    new TouchEvent('touchend', { bubbles: true, cancelable: true, touches: [], changedTouches: [point] })
  );
}
