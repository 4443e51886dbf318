/**
 * At most `active` tasks at once and at most `waiting` queued behind them; beyond that, `run` refuses at once
 * (returns undefined without running the task). Decoding an image takes tens of MB of native memory per
 * image and libvips threads; a burst of uploads waits here instead of all decoding at once, so the resident
 * size stays bounded however many arrive (docs/architecture.md › Images).
 */
export class ProcessingQueue {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly active: number,
    private readonly waiting: number,
  ) {}

  /** The task's result, or undefined when the queue is full and the task was not run. */
  async run<T>(task: () => Promise<T>): Promise<T | undefined> {
    if (this.running >= this.active) {
      if (this.queue.length >= this.waiting) return undefined;
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so `running` counts it without a gap.
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }
}
