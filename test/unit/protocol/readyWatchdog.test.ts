// The ready handshake's watchdog (readyWatchdog.ts): a page that never says `ready` is loaded
// again, at most twice, then reported once; a page that answers, or a hidden one, is left alone.
import assert from 'node:assert/strict';
import { ReadyWatchdog, ReopenBudget, type Schedule } from '../../../src/shared/protocol/readyWatchdog';

/** A clock the test moves by hand. */
function manualClock() {
  let now = 0;
  let timers: { at: number; run: () => void; live: boolean }[] = [];
  const schedule: Schedule = (run, ms) => {
    const timer = { at: now + ms, run, live: true };
    timers.push(timer);
    return () => {
      timer.live = false;
    };
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.live && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      now = due.at;
      due.live = false;
      due.run();
    }
    now = until;
    timers = timers.filter((t) => t.live);
  };
  return { schedule, advance, pending: () => timers.filter((t) => t.live).length };
}

function watched(visible: () => boolean = () => true, onReload: (watchdog: ReadyWatchdog) => void = () => undefined) {
  const clock = manualClock();
  const events: string[] = [];
  const watchdog: ReadyWatchdog = new ReadyWatchdog({
    reload: (attempt) => {
      events.push(`reload ${attempt}`);
      onReload(watchdog);
    },
    giveUp: () => events.push('give up'),
    visible,
    withinMs: 10_000,
    maxReloads: 2,
    schedule: clock.schedule,
  });
  return { clock, events, watchdog };
}

describe('the ready watchdog', () => {
  it('reloads a page that has not said ready within the time, twice, then gives up once', () => {
    const { clock, events } = watched();
    clock.advance(9_999);
    assert.deepEqual(events, [], 'not before the time');
    clock.advance(1);
    assert.deepEqual(events, ['reload 1']);
    clock.advance(10_000);
    assert.deepEqual(events, ['reload 1', 'reload 2']);
    clock.advance(10_000);
    clock.advance(60_000);
    assert.deepEqual(events, ['reload 1', 'reload 2', 'give up']);
    assert.equal(clock.pending(), 0, 'nothing left scheduled');
  });

  it('does nothing once the page said ready, also after a reload', () => {
    const first = watched();
    first.clock.advance(5_000);
    first.watchdog.ready();
    first.clock.advance(60_000);
    assert.deepEqual(first.events, []);

    const second = watched();
    second.clock.advance(10_000);
    second.watchdog.ready();
    second.clock.advance(60_000);
    assert.deepEqual(second.events, ['reload 1']);
  });

  it('leaves a hidden page alone, and reloads it once it is shown and still silent', () => {
    let shown = false;
    const { clock, events } = watched(() => shown);
    clock.advance(60_000);
    assert.deepEqual(events, []);
    shown = true;
    clock.advance(10_000);
    assert.deepEqual(events, ['reload 1']);
  });

  it('stops when disposed', () => {
    const { clock, events, watchdog } = watched();
    watchdog.dispose();
    assert.equal(clock.pending(), 0, 'its timer is cancelled, not left to fire');
    clock.advance(60_000);
    assert.deepEqual(events, []);
    assert.equal(clock.pending(), 0);
  });

  it('schedules nothing more when the reload disposed it (a panel opened anew has a watchdog of its own)', () => {
    const { clock, events } = watched(undefined, (watchdog) => watchdog.dispose());
    clock.advance(10_000);
    assert.deepEqual(events, ['reload 1']);
    assert.equal(clock.pending(), 0, 'no timer left behind by the disposed watchdog');
    clock.advance(60_000);
    assert.deepEqual(events, ['reload 1']);
  });
});

describe('the reopen budget', () => {
  it('lets a page be opened anew as many times in a row as it allows, and again after a page loaded', () => {
    const budget = new ReopenBudget(2);
    assert.deepEqual([budget.take(), budget.take(), budget.take()], [true, true, false]);
    budget.reset();
    assert.deepEqual([budget.take(), budget.take(), budget.take()], [true, true, false]);
    const once = new ReopenBudget(1);
    assert.deepEqual([once.take(), once.take()], [true, false]);
  });
});
