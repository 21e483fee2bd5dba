/** When to check again, and which answer to keep: a debounced trigger plus a sequence number, so that a slow older
 * answer never overwrites a newer one. Pure logic, with the clock and the work passed in. */

export interface Refresher {
  /** Checks after the debounce delay; calls within the delay coalesce into one. */
  schedule(): void;
  /** Checks now (Refresh button, focus, first load). */
  now(): Promise<void>;
  dispose(): void;
}

export interface RefresherOptions<T> {
  debounceMs: number;
  /** Reads the recipients and asks the API; may take any time. */
  run(): Promise<T>;
  /** Called with the newest answer only. */
  apply(result: T): void;
  /** Called with the newest failure only. */
  fail(error: unknown): void;
  /** Called when a check starts. */
  started?(): void;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export function createRefresher<T>(options: RefresherOptions<T>): Refresher {
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  let sequence = 0;
  let timer: unknown;
  let disposed = false;

  async function now(): Promise<void> {
    if (timer !== undefined) {
      clearTimer(timer);
      timer = undefined;
    }
    if (disposed) return;
    const mine = ++sequence;
    options.started?.();
    try {
      const result = await options.run();
      if (mine === sequence && !disposed) options.apply(result);
    } catch (error) {
      if (mine === sequence && !disposed) options.fail(error);
    }
  }

  return {
    schedule() {
      if (timer !== undefined) clearTimer(timer);
      timer = setTimer(() => {
        timer = undefined;
        void now();
      }, options.debounceMs);
    },
    now,
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimer(timer);
    },
  };
}
