// Builds SessionTrackers over a real SessionStore on a temporary database file.
import type { IdSource } from '../../../src/core/clock';
import type { GitHead, SessionSettings, WorkspaceRef } from '../../../src/core/sessions/session';
import { type GitHeadReader, SessionTracker } from '../../../src/core/sessions/sessionTracker';
import type { SessionRepository } from '../../../src/core/sessions/sessionRepository';
import { FakeClock, MINUTE, sequentialIds } from './fakeClock';

export const WORKSPACE: WorkspaceRef = { id: 'ws-0123456789abcd', name: 'project', location: '/work/project' };

export const TEST_SETTINGS: SessionSettings = { idleMs: 5 * MINUTE, autoEndMs: 30 * MINUTE, autoStart: false };

/** A GitHeadReader whose answer the test sets; counts calls. */
export class FakeGitHead implements GitHeadReader {
  calls = 0;
  constructor(public current: GitHead | null = null) {}

  readHead(): Promise<GitHead | null> {
    this.calls += 1;
    return Promise.resolve(this.current);
  }
}

export interface TrackerSetup {
  readonly repo: SessionRepository;
  readonly clock?: FakeClock;
  readonly git?: FakeGitHead;
  readonly settings?: Partial<SessionSettings>;
  readonly ids?: IdSource;
  readonly workspace?: WorkspaceRef;
}

export function makeTracker(setup: TrackerSetup) {
  const clock = setup.clock ?? new FakeClock();
  const git = setup.git ?? new FakeGitHead();
  let settings: SessionSettings = { ...TEST_SETTINGS, ...setup.settings };
  const tracker = new SessionTracker({
    repo: setup.repo,
    clock,
    ids: setup.ids ?? sequentialIds(),
    git,
    workspace: setup.workspace ?? WORKSPACE,
    settings: () => settings,
  });
  return {
    tracker,
    clock,
    git,
    setSettings(next: Partial<SessionSettings>) {
      settings = { ...settings, ...next };
    },
  };
}

/** Wraps a repository and lets a test make chosen calls fail or count them. */
export class InstrumentedRepository implements SessionRepository {
  recordProgressCalls = 0;
  failNextRecordProgress = 0;

  constructor(private readonly inner: SessionRepository) {}

  saveWorkspace(...args: Parameters<SessionRepository['saveWorkspace']>) {
    return this.inner.saveWorkspace(...args);
  }
  createUnlessOpen(...args: Parameters<SessionRepository['createUnlessOpen']>) {
    return this.inner.createUnlessOpen(...args);
  }
  findOpen(...args: Parameters<SessionRepository['findOpen']>) {
    return this.inner.findOpen(...args);
  }
  getDetail(...args: Parameters<SessionRepository['getDetail']>) {
    return this.inner.getDetail(...args);
  }
  recordProgress(...args: Parameters<SessionRepository['recordProgress']>) {
    this.recordProgressCalls += 1;
    if (this.failNextRecordProgress > 0) {
      this.failNextRecordProgress -= 1;
      return Promise.reject(new Error('disk full (injected)'));
    }
    return this.inner.recordProgress(...args);
  }
  addNote(...args: Parameters<SessionRepository['addNote']>) {
    return this.inner.addNote(...args);
  }
  end(...args: Parameters<SessionRepository['end']>) {
    return this.inner.end(...args);
  }
  listRecent(...args: Parameters<SessionRepository['listRecent']>) {
    return this.inner.listRecent(...args);
  }
}
