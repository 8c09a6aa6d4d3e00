/**
 * Calls in flight, by key: a second caller with the same key while the first is still running
 * shares its outcome instead of starting another. Nothing is kept once the call settles, so this
 * is not a cache: it only folds together requests that overlap in time.
 */
export class InflightCalls<T> {
  private readonly running = new Map<string, Promise<T>>();
  private sharedCount = 0;

  /** How many calls were answered by a call already in flight (for metrics and tests). */
  get shared(): number {
    return this.sharedCount;
  }

  get size(): number {
    return this.running.size;
  }

  run(key: string, call: () => Promise<T>): Promise<T> {
    const existing = this.running.get(key);
    if (existing) {
      this.sharedCount += 1;
      return existing;
    }
    const started = call().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }
}
