/** A value React reads with useSyncExternalStore: subscribe, snapshot, publish. */
export class ExternalStore<S> {
  private listeners = new Set<() => void>();

  constructor(private snapshot: S) {}

  /** Arrow fields: stable and bound, as useSyncExternalStore wants them. */
  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };

  getSnapshot = () => this.snapshot;

  protected publishSnapshot(next: S): void {
    this.snapshot = next;
    for (const fn of this.listeners) fn();
  }
}
