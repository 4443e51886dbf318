/**
 * Background work that each instance repeats every interval (the sweeps): the first run waits one interval,
 * so a start costs nothing; a failed run is reported and the next one tries again; stopping waits for the
 * run in flight, so that it ends before the database closes. The work checks `stopped` between its batches.
 */
export class PeriodicRun {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stoppedFlag = false;

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => Promise<unknown>,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  start(): void {
    if (this.stoppedFlag) return;
    this.timer = setTimeout(() => {
      this.running = this.run()
        .catch(this.onFailure)
        .finally(() => this.start());
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stoppedFlag = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
