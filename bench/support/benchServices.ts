// The benchmarks' Baton: the same service graph the extension and the CLI build, on a folder's
// git, with default settings and the clock and ids a benchmark chooses.
import { join } from 'node:path';
import { type BatonServices, type WorkspaceServices, createBatonServices } from '../../src/app/batonServices';
import { DEFAULT_BRIEFING_HEADER, DEFAULT_BUDGETS } from '../../src/core/briefing/briefingTypes';
import type { Clock, IdSource } from '../../src/core/clock';
import { DEFAULT_SESSION_SETTINGS } from '../../src/core/sessions/session';
import type { EditorContext } from '../../src/core/workContext/workContext';
import { workspaceForPath } from '../../src/context/workspaceIdentity';

export interface BenchServiceOptions {
  /** Where the database file goes. */
  readonly root: string;
  /** The workspace folder, whose git is read. */
  readonly dir: string;
  readonly wasmDir: string;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly editor?: EditorContext | null;
  /** 'command': fold the journal on close, as a CLI command that wrote does. */
  readonly fold?: 'command';
}

export async function openBenchServices(options: BenchServiceOptions): Promise<BatonServices & { readonly work: WorkspaceServices }> {
  const services = await createBatonServices({
    clock: options.clock,
    ids: options.ids,
    database: { path: join(options.root, 'baton.db'), wasmDir: options.wasmDir, ...(options.fold ? { fold: options.fold } : {}) },
    workspace: workspaceForPath(options.dir),
    git: { folder: () => options.dir, unavailableReason: 'not a repository' },
    editor: { read: async () => options.editor ?? null },
    settings: {
      session: () => DEFAULT_SESSION_SETTINGS,
      briefing: () => ({ budgets: DEFAULT_BUDGETS, header: DEFAULT_BRIEFING_HEADER }),
      maxPatchKB: () => 512,
    },
  });
  const work = services.work;
  if (!work) throw new Error('The bench workspace has no services.');
  return { ...services, work };
}
