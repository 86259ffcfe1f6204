// The window's service graph while it comes up: loading (the database opens off the activation
// path), ready, or failed with a reason. Host pieces ask it for the services they need and get
// a message that says what to do while there are none; views listen to its one change event.
import * as vscode from 'vscode';
import type { BatonServices, WorkspaceServices } from '../app/batonServices';
import type { WorkspaceRef } from '../core/sessions/session';
import { UserFacingError, errorMessage } from '../core/errors';
import type { Log } from './log';
import { DatabaseSizeWatch, reportOpenOutcome } from './storageNotices';

const SIZE_CHECK_INTERVAL_MS = 15 * 60_000;

export type RuntimeStatus = { readonly kind: 'loading' } | { readonly kind: 'ready' } | { readonly kind: 'error'; readonly message: string };

/** What a view needs to know about the graph: its state and when it changes. */
export interface RuntimeState {
  readonly status: RuntimeStatus;
  readonly workspace: WorkspaceRef | null;
  readonly current: BatonServices | null;
  readonly onDidChange: vscode.Event<void>;
}

export class BatonRuntime implements RuntimeState, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private statusValue: RuntimeStatus = { kind: 'loading' };
  private servicesValue: BatonServices | null = null;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    readonly workspace: WorkspaceRef | null,
    private readonly log: Log,
  ) {}

  get status(): RuntimeStatus {
    return this.statusValue;
  }

  get current(): BatonServices | null {
    return this.servicesValue;
  }

  /** Builds the services, then lets `attach` restore the session before the views say ready. Never rejects. */
  async start(create: () => Promise<BatonServices>, attach: (services: BatonServices) => Promise<void>): Promise<void> {
    try {
      // Let activation finish and the host go on before sql.js loads and the file is read.
      await new Promise((resolve) => setImmediate(resolve));
      const services = await create();
      this.servicesValue = services;
      const unsubscribe = services.changes.subscribe(() => this.changed.fire());
      this.disposables.push({ dispose: unsubscribe });
      reportOpenOutcome(services.database, this.log);
      this.watchSize(new DatabaseSizeWatch(services.database, this.log));
      await attach(services);
      this.statusValue = { kind: 'ready' };
      const database = services.database;
      const readOnly = database.readOnlyVersion !== null ? ' (read-only: newer schema)' : database.notWritable ? ' (read-only: not writable)' : '';
      this.log.info(`Database ready at ${database.path}${readOnly}`);
    } catch (error) {
      this.statusValue = { kind: 'error', message: errorMessage(error) };
      this.log.error('Could not open the Baton database', error);
      void vscode.window.showErrorMessage(`Baton: ${errorMessage(error)}`, 'Show Log').then((pick) => pick && this.log.show());
    }
    this.changed.fire();
  }

  /** The services, or a message saying why there are none yet. */
  services(): BatonServices {
    if (!this.servicesValue || this.statusValue.kind !== 'ready') throw new UserFacingError(this.unavailableReason());
    return this.servicesValue;
  }

  /** The workspace's services, or a message saying why there are none. */
  work(): WorkspaceServices {
    const work = this.workspace ? this.services().work : null;
    if (!work) throw new UserFacingError(this.unavailableReason());
    return work;
  }

  unavailableReason(): string {
    if (!this.workspace) return 'Open a folder or workspace first: Baton tracks sessions per workspace.';
    if (this.statusValue.kind === 'error') return `The Baton database is unavailable: ${this.statusValue.message}`;
    return 'Baton is still opening its database. Try again in a moment.';
  }

  /** Tells the views to refresh: for changes no service writes, such as the clock resuming. */
  notifyChanged(): void {
    this.changed.fire();
  }

  private watchSize(watch: DatabaseSizeWatch): void {
    const check = () => void watch.check().catch((error: unknown) => this.log.error('Size check failed', error));
    check();
    const timer = setInterval(check, SIZE_CHECK_INTERVAL_MS);
    timer.unref?.();
    this.disposables.push({ dispose: () => clearInterval(timer) });
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  /** Closes the database after the callers have saved what they buffer; used on deactivation. */
  async shutdown(): Promise<void> {
    this.dispose();
    await this.servicesValue?.close();
  }
}
