import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRefresher } from "../src/refresher";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => ((resolve = yes), (reject = no)));
  return { promise, resolve, reject };
}

describe("refresher", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("coalesces a burst of changes into one check after 300 ms of quiet", async () => {
    const run = vi.fn(async () => "answer");
    const apply = vi.fn();
    const refresher = createRefresher({ debounceMs: 300, run, apply, fail: vi.fn() });

    refresher.schedule();
    await vi.advanceTimersByTimeAsync(200);
    refresher.schedule();
    await vi.advanceTimersByTimeAsync(200);
    refresher.schedule();
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(300);

    expect(run).toHaveBeenCalledTimes(1);
    expect(apply).toHaveBeenCalledWith("answer");
  });

  it("never lets an older answer overwrite a newer one", async () => {
    const answers = [deferred<string>(), deferred<string>()];
    let call = 0;
    const applied: string[] = [];
    const refresher = createRefresher({ debounceMs: 300, run: () => answers[call++]!.promise, apply: (r) => applied.push(r), fail: vi.fn() });

    const first = refresher.now();
    const second = refresher.now();
    answers[1]!.resolve("new");
    await second;
    answers[0]!.resolve("old");
    await first;

    expect(applied).toEqual(["new"]);
  });

  it("drops the failure of a superseded check", async () => {
    const answers = [deferred<string>(), deferred<string>()];
    let call = 0;
    const fail = vi.fn();
    const apply = vi.fn();
    const refresher = createRefresher({ debounceMs: 300, run: () => answers[call++]!.promise, apply, fail });

    const first = refresher.now();
    const second = refresher.now();
    answers[0]!.reject(new Error("late failure"));
    await first;
    answers[1]!.resolve("fine");
    await second;

    expect(fail).not.toHaveBeenCalled();
    expect(apply).toHaveBeenCalledWith("fine");
  });

  it("a check now cancels a pending debounced one", async () => {
    const run = vi.fn(async () => "answer");
    const refresher = createRefresher({ debounceMs: 300, run, apply: vi.fn(), fail: vi.fn() });

    refresher.schedule();
    await refresher.now();
    await vi.advanceTimersByTimeAsync(1000);

    expect(run).toHaveBeenCalledTimes(1);
  });
});
