// One "something the views show has changed" signal for the whole service graph. Several
// changes in one turn of the event loop reach listeners once; a failing listener does not
// stop the others, and its error goes to the owner's log instead of the host's.

export type Unsubscribe = () => void;

export interface ChangeNotifier {
  notify(): void;
}

export class ChangeFeed implements ChangeNotifier {
  private readonly listeners = new Set<() => void>();
  private pending = false;

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  subscribe(listener: () => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      for (const listener of [...this.listeners]) {
        try {
          listener();
        } catch (error) {
          this.onListenerError(error);
        }
      }
    });
  }
}
