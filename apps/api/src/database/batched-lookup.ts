/** Reads the rows of many keys in one query; a key without a row is simply absent from the map. */
export type LoadMany<V> = (keys: string[]) => Promise<Map<string, V>>;

interface Batch<V> {
  keys: Set<string>;
  /** Sends the batch's query, once: later calls do nothing. */
  send(): void;
  rows: Promise<Map<string, V>>;
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
    const batch = this.open ?? this.startBatch();
    batch.keys.add(key);
    if (batch.keys.size >= this.maxKeys) batch.send();
    return batch.rows.then((rows) => rows.get(key));
  }

  private startBatch(): Batch<V> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const batch: Batch<V> = {
      keys: new Set(),
      send: () => {
        if (this.open === batch) this.open = undefined;
        release();
      },
      rows: released.then(() => this.loadMany([...batch.keys])),
    };
    this.open = batch;
    // After the poll phase: every request read in this turn has asked by then.
    setImmediate(batch.send);
    return batch;
  }
}
