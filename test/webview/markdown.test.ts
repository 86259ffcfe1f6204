// Markdown from the workspace or an LLM (knowledge bodies, briefings) is rendered inert: no
// script, no handler, no link that navigates, no image, no request, no CSP violation.
import assert from 'node:assert/strict';
import { HOSTILE, knowledge, lastBriefing, NOW, snapshots, workState } from './fixtures';
import { openSidebar, startHarness, type PageGlobals, type SidebarHarness, type SidebarPage } from './harness';

const HOSTILE_MARKDOWN = [
  `Intro ${HOSTILE} text`,
  '<script>window.__pwned = 2</script>',
  '[x](javascript:alert(1)) and [run](javascript:window.__pwned=3) and [vb](vbscript:msgbox)',
  '<a href="https://example.com/raw">raw link</a> <iframe src="https://example.com/frame"></iframe>',
  '<div style="background:url(https://example.com/bg.png)" onclick="window.__pwned=4">raw div</div>',
  '![remote](https://example.com/a.png) ![](https://example.com/b.png "no alt")',
  '![inline](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)',
  '[looks safe](https://example.com/page) <https://example.com/autolink> [ref][1]',
  '[1]: https://example.com/ref',
  '| left | right |\n|:--|--:|\n| 1 | 2 |',
  '```html\n<img src="https://example.com/c.png" onerror="window.__pwned=5">\n```',
].join('\n\n');

interface PageProbe extends PageGlobals {
  __violations?: string[];
  location: { href: string };
  document: { addEventListener(type: string, listener: (event: { violatedDirective: string; blockedURI: string }) => void): void };
}

describe('sidebar webview: markdown safety', () => {
  let harness: SidebarHarness;
  let view: SidebarPage;
  let requests: string[];

  before(async () => {
    harness = await startHarness();
  });
  after(async () => harness?.close());
  beforeEach(async () => {
    view = await openSidebar(harness, { clockAt: NOW });
    requests = [];
    view.page.on('request', (request) => requests.push(request.url()));
    await view.page.evaluate(() => {
      const g = globalThis as unknown as PageProbe;
      g.__violations = [];
      g.document.addEventListener('securitypolicyviolation', (e) => g.__violations?.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  });
  afterEach(async () => view.close());

  const markdownBlocks = () => view.page.locator('.markdown');

  async function assertInert(): Promise<void> {
    const dangerous = 'img, script, iframe, frame, object, embed, a, form, input, button, style, link, svg, math, video, audio, picture';
    assert.equal(await markdownBlocks().locator(dangerous).count(), 0, 'no active or remote element inside rendered markdown');
    assert.equal(await view.page.locator('img').count(), 0, 'no <img> anywhere');
    const attributes = await markdownBlocks().evaluateAll((blocks) =>
      blocks.flatMap((block) => [...block.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name))),
    );
    assert.deepEqual(attributes.filter((name) => !['class', 'title', 'start'].includes(name)), [], 'only class, title and start attributes');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const probe = await view.page.evaluate(() => {
      const g = globalThis as unknown as PageProbe;
      return { pwned: g.__pwned, violations: g.__violations, href: g.location.href };
    });
    assert.equal(probe.pwned, undefined, 'no hostile code ran');
    assert.deepEqual(probe.violations, [], 'the CSP was never violated');
    assert.equal(probe.href, `${harness.origin}/`, 'the webview did not navigate');
    assert.deepEqual(requests.filter((url) => !url.startsWith(harness.origin)), [], 'no request left the page origin');
    assert.deepEqual(view.errors, [], 'no console errors');
  }

  it('renders a hostile knowledge body as inert text', async () => {
    await view.sendState(workState({ knowledge: [{ ...knowledge[0]!, body: HOSTILE_MARKDOWN }] }));
    await view.page.getByTestId('knowledge-toggle').click();
    const body = view.page.getByTestId('knowledge-body');
    const text = await body.innerText();
    assert.match(text, /Intro <img src=x onerror="window\.__pwned=1"> text/);
    assert.match(text, /<script>window\.__pwned = 2<\/script>/);
    assert.match(text, /\[x\]\(javascript:alert\(1\)\)/);
    assert.match(text, /remote/, 'an image becomes its alt text');
    assert.doesNotMatch(text, /a\.png|b\.png/);
    assert.equal(await body.locator('.md-link').count(), 3);
    assert.equal(await body.locator('.md-link').first().getAttribute('title'), 'https://example.com/page');
    assert.equal(await body.locator('table').count(), 1);
    assert.match(await body.locator('pre code').innerText(), /<img src="https:\/\/example\.com\/c\.png"/);
    await body.locator('.md-link').first().click();
    await body.locator('.md-image').first().click();
    await assertInert();
  });

  it('renders a hostile briefing preview as inert text', async () => {
    await view.sendState(workState({ lastBriefing: { ...lastBriefing, markdown: HOSTILE_MARKDOWN } }));
    await view.page.getByTestId('briefing-preview-toggle').click();
    const preview = view.page.getByTestId('briefing-preview');
    assert.match(await preview.innerText(), /<script>window\.__pwned = 2<\/script>/);
    await preview.locator('.md-link').nth(1).click();
    await assertInert();
  });

  it('shows hostile titles, tags, labels and sources as text', async () => {
    await view.sendState(
      workState({
        knowledge: [{ ...knowledge[0]!, title: HOSTILE, tags: [HOSTILE] }],
        snapshots: [{ ...snapshots[0]!, label: HOSTILE, branch: HOSTILE }],
        lastBriefing: { ...lastBriefing, unavailable: [HOSTILE] },
      }),
    );
    assert.equal(await view.page.getByTestId('knowledge').locator('.item-title').innerText(), HOSTILE);
    assert.equal(await view.page.getByTestId('knowledge-tag').innerText(), HOSTILE);
    assert.match(await view.page.getByTestId('snapshot').innerText(), /<img src=x onerror="window\.__pwned=1">/);
    assert.equal(await view.page.getByTestId('briefing-unavailable').innerText(), `Not available: ${HOSTILE}`);
    await view.page.getByTestId('knowledge-filter').fill('<img');
    assert.equal(await view.page.getByTestId('knowledge').isVisible(), true);
    await assertInert();
  });
});
