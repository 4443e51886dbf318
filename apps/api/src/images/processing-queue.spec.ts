import { ProcessingQueue } from './processing-queue';

/** A task that runs until `finish` is called, recording how many tasks ran at once. */
function gate(log: { now: number; peak: number }) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const task = async () => {
    log.now++;
    log.peak = Math.max(log.peak, log.now);
    await done;
    log.now--;
    return 'ran';
  };
  return { task, finish };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ProcessingQueue', () => {
  it('runs at most `active` tasks at once, queues `waiting` more and refuses the rest', async () => {
    const queue = new ProcessingQueue(2, 1);
    const log = { now: 0, peak: 0 };
    const gates = Array.from({ length: 4 }, () => gate(log));
    const results = gates.map(({ task }) => queue.run(task));
    await tick();
    expect(log.now).toBe(2);
    await expect(results[3]).resolves.toBeUndefined();

    gates[0].finish();
    await tick();
    expect(log.now).toBe(2); // the queued task took the free slot
    gates[1].finish();
    gates[2].finish();
    await expect(Promise.all(results.slice(0, 3))).resolves.toEqual(['ran', 'ran', 'ran']);
    expect(log.peak).toBe(2);
  });

  it('frees the slot when a task fails', async () => {
    const queue = new ProcessingQueue(1, 0);
    await expect(queue.run(() => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    await expect(queue.run(async () => 'next')).resolves.toBe('next');
  });
});
