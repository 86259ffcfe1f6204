// The sources the unit tests build the service graph from: a fake clock, sequential ids, a
// database in a temporary folder, the folder's git, no editor and default settings.
import { join } from 'node:path';
import type { BatonSources } from '../../../src/app/batonServices';
import { DEFAULT_BRIEFING_HEADER, DEFAULT_BUDGETS } from '../../../src/core/briefing/briefingTypes';
import { DEFAULT_SESSION_SETTINGS } from '../../../src/core/sessions/session';
import { workspaceForPath } from '../../../src/context/workspaceIdentity';
import { FakeClock, sequentialIds } from './fakeClock';
import { wasmDir } from './paths';
import { makeTempDir } from './tempDirs';

export function testSources(dir: string, overrides: Partial<BatonSources> = {}): BatonSources {
  return {
    clock: new FakeClock(),
    ids: sequentialIds('s'),
    database: { path: join(makeTempDir(), 'baton.db'), wasmDir },
    workspace: workspaceForPath(dir),
    git: { folder: () => dir, unavailableReason: 'no git here' },
    editor: { read: async () => null },
    settings: {
      session: () => DEFAULT_SESSION_SETTINGS,
      briefing: () => ({ budgets: DEFAULT_BUDGETS, header: DEFAULT_BRIEFING_HEADER }),
      maxPatchKB: () => 512,
    },
    ...overrides,
  };
}
