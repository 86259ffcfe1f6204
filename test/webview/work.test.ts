// The handoff, snapshots and knowledge sections, as the user sees them.
import assert from 'node:assert/strict';
import { knowledge, lastBriefing, loadingState, noFolderState, NOW, runningState, snapshots, welcomeState, workState } from './fixtures';
import { type SidebarPage, useSidebarPerTest } from './harness';

describe('sidebar webview: handoff, snapshots and knowledge', () => {
  const currentPage = useSidebarPerTest({ clockAt: NOW });
  let view: SidebarPage;
  beforeEach(() => {
    view = currentPage();
  });

  const byTestId = (testId: string) => view.page.getByTestId(testId);
  const text = (testId: string) => byTestId(testId).innerText();
  const sectionTitles = () => view.page.locator('.section-title').allInnerTexts();

  it('shows the handoff section with or without a running session, near the top', async () => {
    await view.sendState(welcomeState);
    assert.deepEqual(await sectionTitles(), ['HANDOFF', 'SNAPSHOTS', 'KNOWLEDGE']);
    assert.equal(await byTestId('generate-briefing').isVisible(), true);
    await view.sendState(runningState());
    assert.deepEqual(await sectionTitles(), ['CURRENT SESSION', 'HANDOFF', 'NOTES', 'FILES TOUCHED', 'SNAPSHOTS', 'KNOWLEDGE']);
  });

  it('shows none of the new sections while loading or without a folder', async () => {
    for (const state of [loadingState, noFolderState]) {
      await view.sendState(state);
      assert.equal(await byTestId('generate-briefing').count(), 0);
      assert.equal(await byTestId('take-snapshot').count(), 0);
      assert.equal(await byTestId('add-knowledge').count(), 0);
    }
  });

  it('shows empty states', async () => {
    await view.sendState(welcomeState);
    assert.match(await text('briefing-empty'), /No briefing yet\./);
    assert.equal(await byTestId('copy-briefing').count(), 0);
    assert.match(await text('snapshots-empty'), /No snapshots yet\./);
    assert.equal(await byTestId('snapshot').count(), 0);
    assert.match(await text('knowledge-empty'), /No knowledge yet\./);
    assert.equal(await byTestId('knowledge').count(), 0);
    assert.equal(await byTestId('knowledge-filter').count(), 0, 'no filter for an empty list');
    assert.equal(await byTestId('add-knowledge').isVisible(), true);
  });

  it('shows the last briefing: level, tokens of budget, age, what was unavailable', async () => {
    await view.sendState(workState());
    assert.equal(await text('briefing-level'), 'Medium briefing');
    assert.equal(await text('briefing-tokens'), '812 / 1,000 tokens');
    assert.equal(await byTestId('last-briefing').locator('time').innerText(), '12m ago');
    assert.equal(await text('briefing-unavailable'), 'Not available: editor');
    assert.equal(await view.page.getByRole('button', { name: 'Copy' }).isVisible(), true);
    assert.equal(await view.page.getByRole('button', { name: 'Open' }).isVisible(), true);
    assert.equal(await byTestId('briefing-empty').count(), 0);
  });

  it('marks a briefing over budget and leaves out an empty unavailable list', async () => {
    await view.sendState(workState({ lastBriefing: { ...lastBriefing, level: 'high', tokens: 1234, budget: 300, unavailable: [] } }));
    assert.equal(await text('briefing-level'), 'High briefing');
    assert.equal(await text('briefing-tokens'), '1,234 / 300 tokens');
    assert.match((await byTestId('briefing-tokens').getAttribute('class')) ?? '', /is-warning/);
    assert.equal(await byTestId('briefing-unavailable').count(), 0);
  });

  it('previews the briefing markdown on demand', async () => {
    await view.sendState(workState());
    const toggle = byTestId('briefing-preview-toggle');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await byTestId('briefing-preview').isVisible(), false);
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const preview = byTestId('briefing-preview');
    assert.equal(await preview.locator('h1').innerText(), 'Handoff: Fix the checkout rounding bug');
    assert.equal(await preview.locator('code').innerText(), 'fix/checkout-rounding');
    assert.equal(await preview.locator('li').count(), 2);
  });

  it('lists snapshots newest first with label, age, branch, file count and a truncation mark', async () => {
    const older = snapshots[1]!;
    const newer = snapshots[0]!;
    await view.sendState(workState({ snapshots: [older, newer] }));
    const items = byTestId('snapshot');
    assert.equal(await items.count(), 2);
    const first = await items.nth(0).innerText();
    assert.match(first, /Before handoff/);
    assert.match(first, /12m ago/);
    assert.match(first, /fix\/checkout-rounding/);
    assert.match(first, /3 files/);
    assert.equal(await items.nth(0).getByTestId('snapshot-truncated').count(), 0);
    const second = await items.nth(1).innerText();
    assert.match(second, /Before the refactor/);
    assert.match(second, /yesterday/);
    assert.match(second, /main/);
    assert.match(second, /12 files/);
    const mark = items.nth(1).getByTestId('snapshot-truncated');
    assert.match((await mark.getAttribute('class')) ?? '', /codicon-warning/);
    assert.match((await mark.getAttribute('aria-label')) ?? '', /too large/);
    assert.equal(await items.nth(1).getByRole('button', { name: 'Compare Before the refactor with now' }).count(), 1);
    assert.equal(await items.nth(1).getByRole('button', { name: 'Restore Before the refactor' }).count(), 1);
  });

  it('names unlabelled snapshots by their reason and leaves out a missing branch', async () => {
    const base = { ...snapshots[0]!, label: ' ', branch: null };
    await view.sendState(
      workState({
        snapshots: [
          { ...base, id: 'a', reason: 'manual', takenAt: '2026-11-24T10:20:00.000Z' },
          { ...base, id: 'b', reason: 'session-end', takenAt: '2026-11-24T10:10:00.000Z', fileCount: 1 },
        ],
      }),
    );
    const titles = await byTestId('snapshot').locator('.item-title').allInnerTexts();
    assert.deepEqual(titles, ['Snapshot', 'Session end']);
    assert.match(await byTestId('snapshot').nth(1).innerText(), /1 file\b/);
    assert.equal(await byTestId('snapshot').locator('.codicon-git-branch').count(), 0);
  });

  it('lists knowledge with kind icon, title, tags and a global badge, bodies closed', async () => {
    await view.sendState(workState());
    const items = byTestId('knowledge');
    assert.equal(await items.count(), 3);
    assert.deepEqual(await items.locator('.item-title').allInnerTexts(), knowledge.map((k) => k.title));
    const icons = await items.locator('.kind-icon').evaluateAll((els) => els.map((el) => [el.getAttribute('class'), el.getAttribute('aria-label')]));
    assert.match(icons[0]![0]!, /codicon-warning/);
    assert.equal(icons[0]![1], 'Gotcha');
    assert.match(icons[1]![0]!, /codicon-law/);
    assert.match(icons[2]![0]!, /codicon-symbol-structure/);
    assert.deepEqual(await items.nth(0).getByTestId('knowledge-tag').allInnerTexts(), ['checkout', 'money']);
    assert.equal(await items.nth(0).getByTestId('knowledge-global').count(), 0);
    assert.equal(await items.nth(2).getByTestId('knowledge-global').innerText(), 'global');
    assert.equal(await byTestId('knowledge-body').first().isVisible(), false);
  });

  it('uses the other kind icons', async () => {
    const base = knowledge[0]!;
    await view.sendState(workState({ knowledge: [{ ...base, id: 'a', kind: 'solution' }, { ...base, id: 'b', kind: 'note' }] }));
    assert.equal(await byTestId('knowledge').nth(0).locator('.kind-icon.codicon-check').count(), 1);
    assert.equal(await byTestId('knowledge').nth(1).locator('.kind-icon.codicon-note').count(), 1);
  });

  it('opens an entry to show its body as markdown, and closes it again', async () => {
    await view.sendState(workState());
    const toggle = byTestId('knowledge-toggle').first();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const body = byTestId('knowledge-body').first();
    assert.equal(await body.locator('strong').innerText(), 'banker’s rounding');
    assert.equal(await body.locator('code').innerText(), 'roundHalfEven');
    assert.match(await body.innerText(), /Applies to src\/checkout\/total\.ts/);
    assert.equal(await toggle.getAttribute('aria-controls'), await body.getAttribute('id'));
    await toggle.press('Enter');
    assert.equal(await body.isVisible(), false);
  });

  it('keeps an opened entry open across re-renders', async () => {
    await view.sendState(workState());
    await byTestId('knowledge-toggle').nth(1).click();
    await view.sendState(workState({ recent: [] }));
    assert.equal(await byTestId('knowledge-body').nth(1).isVisible(), true);
    assert.equal(await byTestId('knowledge-body').nth(0).isVisible(), false);
  });
});
