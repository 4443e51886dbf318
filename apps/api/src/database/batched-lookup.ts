/** Reads the rows of many keys in one query; a key without a row is simply absent from the map. */
export type LoadMany<V> = (keys: string[]) => Promise<Map<string, V>>;

interface Waiter<V> {
  resolve(value: V | undefined): void;
  reject(error: unknown): void;
}

interface Batch<V> {
  waiters: Map<string, Waiter<V>[]>;
  sent: boolean;
}

/** Enough for every request one turn of the event loop reads under load, small enough for one statement. */
const MAX_KEYS_PER_QUERY = 256;

/**
 * Lookups by key asked for in the same turn of the event loop, answered by one query. Under load, the
 * requests read in one turn share a round trip instead of each taking its own; alone, a lookup waits for
 * nothing but the end of its turn. Every lookup still reads the database after it was asked for, and
 * nothing is kept between batches: an answer is never older than its question (docs/architecture.md ›
 * Request lifecycle). Lookups of one key in a batch share its row.
 */
export class BatchedLookup<V> {
  private open: Batch<V> | undefined;

  constructor(
    private readonly loadMany: LoadMany<V>,
    private readonly maxKeys = MAX_KEYS_PER_QUERY,
  ) {}

  get(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const batch = this.open ?? this.startBatch();
      const waiters = batch.waiters.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else batch.waiters.set(key, [{ resolve, reject }]);
      if (batch.waiters.size >= this.maxKeys) void this.send(batch);
    });
  }

  private startBatch(): Batch<V> {
    const batch: Batch<V> = { waiters: new Map(), sent: false };
    this.open = batch;
    // After the poll phase: every request read in this turn has asked by then.
    setImmediate(() => void this.send(batch));
    return batch;
  }

  private async send(batch: Batch<V>): Promise<void> {
    if (batch.sent) return;
    batch.sent = true;
    if (this.open === batch) this.open = undefined;
    try {
      const found = await this.loadMany([...batch.waiters.keys()]);
      for (const [key, waiters] of batch.waiters)
        for (const waiter of waiters) waiter.resolve(found.get(key));
    } catch (error) {
      for (const waiters of batch.waiters.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }
}
