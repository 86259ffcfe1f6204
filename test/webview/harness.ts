import assert from 'node:assert/strict';
// Loads a real webview page (renderWebviewHtml + the esbuild bundle + its stylesheet and the
// sheets it imports + codicons) from a local HTTP server into headless Chromium, with a stub of
// `acquireVsCodeApi` that records what the webview posts. The sidebar by default; the costs
// panel with `startHarness('costs')`, served in the extension's own layout (dist/ and media/).
import { build } from 'esbuild';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderWebviewHtml } from '../../src/shared/webviewHtml';
import type { ViewState } from '../../src/shared/viewState';

export const NONCE = 'test-nonce-0123456789abcdef';
const repo = path.resolve(__dirname, '../..');
const codicons = path.join(repo, 'node_modules/@vscode/codicons/dist');

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The webviews the harness can load: folders of src/webview/. */
export type WebviewName = 'sidebar' | 'costs' | 'chat';

/** Builds src/webview/<view>/main.ts the way esbuild.js does, into a temporary folder. */
async function buildBundle(view: WebviewName): Promise<string> {
  const outdir = await mkdtemp(path.join(tmpdir(), 'baton-webview-'));
  const outfile = path.join(outdir, 'webview.js');
  await build({
    entryPoints: [path.join(repo, `src/webview/${view}/main.ts`)],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
  });
  return outfile;
}

interface Asset {
  readonly file: string;
  readonly type: string;
}

function startServer(assets: Record<string, Asset>, html: (origin: string) => string): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const origin = `http://${request.headers.host ?? '127.0.0.1'}`;
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html(origin));
      return;
    }
    const asset = assets[url.pathname];
    if (!asset) {
      response.writeHead(404).end();
      return;
    }
    readFile(asset.file).then(
      (body) => response.writeHead(200, { 'content-type': asset.type }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export interface SidebarHarness {
  readonly browser: Browser;
  readonly origin: string;
  close(): Promise<void>;
}

interface PageLayout {
  readonly assets: Record<string, Asset>;
  readonly script: string;
  readonly style: string;
  readonly codicons: string;
}

function layoutOf(view: WebviewName, bundle: string): PageLayout {
  const css = (file: string): Asset => ({ file, type: 'text/css' });
  if (view === 'sidebar') {
    return {
      assets: {
        '/webview.js': { file: bundle, type: 'text/javascript' },
        '/sidebar.css': css(path.join(repo, 'media/sidebar.css')),
        '/sidebar-items.css': css(path.join(repo, 'media/sidebar-items.css')),
        '/controls.css': css(path.join(repo, 'media/controls.css')),
        '/codicon.css': css(path.join(codicons, 'codicon.css')),
        '/codicon.ttf': { file: path.join(codicons, 'codicon.ttf'), type: 'font/ttf' },
      },
      script: '/webview.js',
      style: '/sidebar.css',
      codicons: '/codicon.css',
    };
  }
  // As the host serves it: the bundle and copied assets from dist/, the stylesheet from media/,
  // which imports ../dist/uplot.css (esbuild.js copies it there from node_modules).
  return {
    assets: {
      [`/dist/${view}.js`]: { file: bundle, type: 'text/javascript' },
      [`/media/${view}.css`]: css(path.join(repo, `media/${view}.css`)),
      '/media/controls.css': css(path.join(repo, 'media/controls.css')),
      '/dist/uplot.css': css(path.join(repo, 'node_modules/uplot/dist/uPlot.min.css')),
      '/dist/codicon.css': css(path.join(codicons, 'codicon.css')),
      '/dist/codicon.ttf': { file: path.join(codicons, 'codicon.ttf'), type: 'font/ttf' },
    },
    script: `/dist/${view}.js`,
    style: `/media/${view}.css`,
    codicons: '/dist/codicon.css',
  };
}

/** `initialState`: the state the host carries into the HTML, as for a panel opened anew. */
export async function startHarness(view: WebviewName = 'sidebar', initialState?: unknown): Promise<SidebarHarness> {
  const bundle = await buildBundle(view);
  const layout = layoutOf(view, bundle);
  const server = await startServer(layout.assets, (origin) =>
    renderWebviewHtml({
      cspSource: origin,
      nonce: NONCE,
      scriptUri: `${origin}${layout.script}`,
      styleUri: `${origin}${layout.style}`,
      codiconUri: `${origin}${layout.codicons}`,
      initialState,
    }),
  );
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    browser,
    origin,
    close: async () => {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await rm(path.dirname(bundle), { recursive: true, force: true });
    },
  };
}

export interface OpenOptions {
  /** Installs Playwright's fake clock at this time before the page loads. */
  readonly clockAt?: string;
  /** What `getState()` returns, as if VS Code restored the webview. */
  readonly savedState?: unknown;
  readonly viewport?: { readonly width: number; readonly height: number };
}

/** An intent as the tests write it: the command's method as `type`, its params beside it. */
export type PostedIntent = { readonly type: string } & Readonly<Record<string, unknown>>;

/** The page's globals the tests use (tests compile without the DOM lib). */
export interface PageGlobals {
  __posted: unknown[];
  /** The `violatedDirective` of every CSP violation since the page loaded. */
  __cspViolations: string[];
  __pwned?: unknown;
  __vscodeState?: unknown;
  dispatchEvent(event: unknown): boolean;
  MessageEvent: new (type: string, init: { data: unknown }) => unknown;
}

export interface SidebarPage {
  readonly page: Page;
  /** Console errors, failed loads and uncaught exceptions seen so far. */
  readonly errors: string[];
  sendState(state: ViewState): Promise<void>;
  /** Posts any message to the page, as the host would. */
  sendRaw(data: unknown): Promise<void>;
  /** What the page posted: `ready`, then each command as `{ type: method, ...params }`. */
  posted(): Promise<PostedIntent[]>;
  /** What the page posted, as it went over the wire. */
  envelopes(): Promise<unknown[]>;
  /** The requests the page posted (for views that ask the host), oldest first. */
  requests(): Promise<PostedRequest[]>;
  /** Waits for a request of `method` whose id is not in `skip` (e.g. the ones already answered). */
  waitForRequest(method: string, skip?: readonly number[]): Promise<PostedRequest>;
  /** Answers one of the page's requests, as the host would. */
  respond(id: number, result: unknown): Promise<void>;
  /** Fails one of the page's requests with a message, as the host would. */
  respondError(id: number, message: string): Promise<void>;
  /** Sends a notification to the page. */
  notify(method: string, params?: unknown): Promise<void>;
  /** CSP violations the page reported (the `violatedDirective` of each). */
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

/** A request envelope the page posted. */
export interface PostedRequest {
  readonly id: number;
  readonly method: string;
  readonly params: unknown;
}

/**
 * The stub of `acquireVsCodeApi`, as source text: tsx would wrap a serialized function's
 * inner functions in `__name(...)`, which does not exist in the page.
 */
function vsCodeStubSource(savedState: unknown): string {
  return `(() => {
    let state = ${JSON.stringify(savedState ?? null)} ?? undefined;
    let acquired = false;
    window.__posted = [];
    window.acquireVsCodeApi = () => {
      if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
      acquired = true;
      return {
        postMessage: (message) => { window.__posted.push(JSON.parse(JSON.stringify(message))); },
        getState: () => state,
        setState: (next) => { state = next; window.__vscodeState = next; return next; },
      };
    };
  })();`;
}

/** Records CSP violations before any of the page's own code runs. */
const CSP_RECORDER = `(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => { window.__cspViolations.push(event.violatedDirective); });
})();`;

function dispatch(page: Page, data: unknown): Promise<void> {
  return page.evaluate((message) => {
    const g = globalThis as unknown as PageGlobals;
    g.dispatchEvent(new g.MessageEvent('message', { data: message }));
  }, data);
}

const envelopesOf = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).__posted);

/** A posted envelope in the tests' shorthand; anything else is kept whole, so a test sees it. */
function asIntent(envelope: unknown): PostedIntent {
  if (typeof envelope !== 'object' || envelope === null) return { type: 'not an object', value: envelope };
  const { kind, method, params } = envelope as { kind?: unknown; method?: unknown; params?: unknown };
  if (kind === 'ready') return { type: 'ready' };
  if (kind === 'command' && typeof method === 'string') return { type: method, ...(typeof params === 'object' && params !== null ? params : {}) };
  return { type: `unexpected ${String(kind)}`, envelope };
}

function requestsOf(envelopes: readonly unknown[]): PostedRequest[] {
  const requests: PostedRequest[] = [];
  for (const envelope of envelopes) {
    if (typeof envelope !== 'object' || envelope === null) continue;
    const { kind, id, method, params } = envelope as { kind?: unknown; id?: unknown; method?: unknown; params?: unknown };
    if (kind === 'request' && typeof id === 'number' && typeof method === 'string') requests.push({ id, method, params });
  }
  return requests;
}

/** Opens a page of the harness's view (the name is kept from when there was only the sidebar). */
export async function openSidebar(harness: SidebarHarness, options: OpenOptions = {}): Promise<SidebarPage> {
  const context = await harness.browser.newContext({
    viewport: options.viewport ?? { width: 360, height: 700 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  if (options.clockAt) await page.clock.install({ time: new Date(options.clockAt) });
  await page.addInitScript({ content: CSP_RECORDER });
  await page.addInitScript({ content: vsCodeStubSource(options.savedState) });
  await page.goto(`${harness.origin}/`);
  await page
    .waitForFunction(() => (globalThis as unknown as PageGlobals).__posted.length > 0, undefined, { timeout: 10_000 })
    .catch((error: unknown) => {
      throw new Error(`The webview never posted a message. Page errors: ${errors.join(' | ') || 'none'}`, { cause: error });
    });
  return {
    page,
    errors,
    // Dispatched synchronously, so the page has rendered when this resolves.
    sendState: (state) => dispatch(page, { kind: 'notification', method: 'state', params: state }),
    sendRaw: (data) => dispatch(page, data),
    posted: async () => (await envelopesOf(page)).map(asIntent),
    envelopes: () => envelopesOf(page),
    requests: async () => requestsOf(await envelopesOf(page)),
    waitForRequest: async (method, skip = []) => {
      await page.waitForFunction(
        ([wanted, done]) =>
          (globalThis as unknown as PageGlobals).__posted.some((e) => {
            const r = e as { kind?: unknown; id?: unknown; method?: unknown };
            return r.kind === 'request' && r.method === wanted && typeof r.id === 'number' && !done.includes(r.id);
          }),
        [method, [...skip]] as const,
        { timeout: 10_000 },
      );
      const found = requestsOf(await envelopesOf(page)).find((r) => r.method === method && !skip.includes(r.id));
      if (!found) throw new Error(`No "${method}" request was posted.`);
      return found;
    },
    respond: (id, result) => dispatch(page, { kind: 'response', id, result }),
    respondError: (id, message) => dispatch(page, { kind: 'error', id, message, cancelled: false }),
    notify: (method, params = {}) => dispatch(page, { kind: 'notification', method, params }),
    cspViolations: () => page.evaluate(() => (globalThis as unknown as PageGlobals).__cspViolations),
    close: () => context.close(),
  };
}

/** The same as openSidebar, under a name that fits every view. */
export const openWebview = openSidebar;
/** A page of any view. */
export type WebviewTestPage = SidebarPage;

/**
 * One harness per suite and a fresh sidebar page per test; a test that passed but logged
 * console errors fails. Returns the current test's page.
 */
export function useSidebarPerTest(options: OpenOptions = {}, webview: WebviewName = 'sidebar'): () => SidebarPage {
  let harness: SidebarHarness | undefined;
  let view: SidebarPage | undefined;
  before(async () => {
    harness = await startHarness(webview);
  });
  after(async () => harness?.close());
  beforeEach(async () => {
    if (!harness) throw new Error('The sidebar harness did not start.');
    view = await openSidebar(harness, options);
  });
  afterEach(async function () {
    const errors = [...(view?.errors ?? [])];
    await view?.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(errors, [], 'no console errors');
  });
  return () => {
    if (!view) throw new Error('No sidebar page: call this inside a test.');
    return view;
  };
}
