// The active-time clock and relative times tick locally between host updates. Playwright's
// fake clock drives time; nothing sleeps.
import assert from 'node:assert/strict';
import { NOW, runningSession, runningState } from './fixtures';
import { openSidebar, startHarness, type SidebarHarness, type SidebarPage } from './harness';

const minutesAfterNow = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();

describe('sidebar webview: clock', () => {
  let harness: SidebarHarness;
  let view: SidebarPage;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => harness?.close());
  beforeEach(async () => {
    view = await openSidebar(harness, { clockAt: minutesAfterNow(-1) });
    await view.page.clock.pauseAt(new Date(NOW));
  });
  afterEach(async function () {
    const errors = [...view.errors];
    await view.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(errors, [], 'no console errors');
  });

  const activeTime = () => view.page.getByTestId('active-time').innerText();

  it('ticks every second while the session is active', async () => {
    await view.sendState(runningState(runningSession({ activeMs: 40_000, asOf: NOW })));
    assert.equal(await activeTime(), '40s');
    await view.page.clock.runFor(5_000);
    assert.equal(await activeTime(), '45s');
    await view.page.clock.runFor(15_000);
    assert.equal(await activeTime(), '1m');
    await view.page.clock.runFor(59 * 60_000);
    assert.equal(await activeTime(), '1h 00m');
  });

  it('stands still while the session is idle', async () => {
    await view.sendState(runningState(runningSession({ activeMs: 12 * 60_000, isActive: false })));
    assert.equal(await view.page.getByTestId('session-state').innerText(), 'Idle, paused');
    await view.page.clock.runFor(5 * 60_000);
    assert.equal(await activeTime(), '12m');
  });

  it('counts from asOf when the state was built earlier', async () => {
    await view.sendState(runningState(runningSession({ activeMs: 60_000, asOf: minutesAfterNow(-10) })));
    assert.equal(await activeTime(), '11m');
  });

  it('counts from arrival when the host clock runs ahead', async () => {
    await view.sendState(runningState(runningSession({ activeMs: 30_000, asOf: minutesAfterNow(3) })));
    assert.equal(await activeTime(), '30s');
    await view.page.clock.runFor(10_000);
    assert.equal(await activeTime(), '40s');
  });

  it('restarts from each new state', async () => {
    await view.sendState(runningState(runningSession({ activeMs: 10_000 })));
    await view.page.clock.runFor(20_000);
    assert.equal(await activeTime(), '30s');
    await view.sendState(runningState(runningSession({ activeMs: 5 * 60_000, asOf: minutesAfterNow(20 / 60) })));
    assert.equal(await activeTime(), '5m');
  });

  it('keeps relative note times current', async () => {
    const notes = [{ text: 'Just found it', at: NOW }];
    await view.sendState(runningState(runningSession({ notes, isActive: false })));
    const time = view.page.getByTestId('note').locator('time');
    assert.equal(await time.innerText(), 'just now');
    await view.page.clock.runFor(2 * 60_000);
    assert.equal(await time.innerText(), '2m ago');
    await view.page.clock.runFor(3 * 60 * 60_000);
    assert.equal(await time.innerText(), '3h ago');
  });
});
