import assert from 'node:assert/strict';
// Loads the real sidebar page (renderWebviewHtml + the esbuild bundle + media/sidebar.css and
// the sheet it imports + codicons) from a local HTTP server into headless Chromium, with a stub of
// `acquireVsCodeApi` that records what the webview posts.
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

/** Builds src/webview/sidebar/main.ts the way esbuild.js does, into a temporary folder. */
async function buildBundle(): Promise<string> {
  const outdir = await mkdtemp(path.join(tmpdir(), 'baton-webview-'));
  const outfile = path.join(outdir, 'webview.js');
  await build({
    entryPoints: [path.join(repo, 'src/webview/sidebar/main.ts')],
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

export async function startHarness(): Promise<SidebarHarness> {
  const bundle = await buildBundle();
  const assets: Record<string, Asset> = {
    '/webview.js': { file: bundle, type: 'text/javascript' },
    '/sidebar.css': { file: path.join(repo, 'media/sidebar.css'), type: 'text/css' },
    '/sidebar-items.css': { file: path.join(repo, 'media/sidebar-items.css'), type: 'text/css' },
    '/codicon.css': { file: path.join(codicons, 'codicon.css'), type: 'text/css' },
    '/codicon.ttf': { file: path.join(codicons, 'codicon.ttf'), type: 'font/ttf' },
  };
  const server = await startServer(assets, (origin) =>
    renderWebviewHtml({
      cspSource: origin,
      nonce: NONCE,
      scriptUri: `${origin}/webview.js`,
      styleUri: `${origin}/sidebar.css`,
      codiconUri: `${origin}/codicon.css`,
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
  close(): Promise<void>;
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
    close: () => context.close(),
  };
}

/**
 * One harness per suite and a fresh sidebar page per test; a test that passed but logged
 * console errors fails. Returns the current test's page.
 */
export function useSidebarPerTest(options: OpenOptions = {}): () => SidebarPage {
  let harness: SidebarHarness | undefined;
  let view: SidebarPage | undefined;
  before(async () => {
    harness = await startHarness();
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
