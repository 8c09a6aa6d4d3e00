/**
 * Tasks in flight, by key: a caller asking for a key whose task is still running shares its
 * outcome (value or failure) instead of starting another. Nothing is kept once the task settles,
 * so this is not a cache: it only folds together work that overlaps in time.
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();
  private sharedCount = 0;

  /** How many callers were answered by a task already in flight (for metrics and tests). */
  get shared(): number {
    return this.sharedCount;
  }

  /** Tasks running now. */
  get size(): number {
    return this.running.size;
  }

  run(key: string, task: () => Promise<T>): Promise<T> {
    const existing = this.running.get(key);
    if (existing) {
      this.sharedCount += 1;
      return existing;
    }
    const started = task().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }
}
