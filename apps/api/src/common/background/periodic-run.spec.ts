import { PeriodicRun } from './periodic-run';

describe('PeriodicRun', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs one interval after the start, then again after each run, and a failure does not stop it', async () => {
    const failures: unknown[] = [];
    let runs = 0;
    const periodic = new PeriodicRun(
      1000,
      async () => {
        runs++;
        if (runs === 1) throw new Error('database away');
      },
      (error) => failures.push(error),
    );

    periodic.start();
    await jest.advanceTimersByTimeAsync(999);
    expect(runs).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    expect(failures).toEqual([new Error('database away')]);
    await jest.advanceTimersByTimeAsync(2000);
    expect(runs).toBe(3);
    await periodic.stop();
  });

  it('stops: waits for the run in flight, which sees `stopped`, and schedules no other', async () => {
    let finish!: () => void;
    let sawStopped: boolean | undefined;
    let runs = 0;
    const periodic = new PeriodicRun(
      1000,
      () => {
        runs++;
        return new Promise<void>((resolve) => {
          finish = () => {
            sawStopped = periodic.stopped;
            resolve();
          };
        });
      },
      () => undefined,
    );
    periodic.start();
    await jest.advanceTimersByTimeAsync(1000);

    let stopped = false;
    const stopping = periodic.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish();
    await stopping;

    expect(sawStopped).toBe(true);
    await jest.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(1);
  });
});
