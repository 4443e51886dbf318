import type { EntityManager } from 'typeorm';

/** Work that must wait until the transaction that raised an event has committed (files, caches, mail). */
export type AfterCommitTask = () => Promise<void>;

/**
 * An event raised inside a database transaction. Listeners run in it through `manager`, so a listener that
 * fails rolls the whole change back; what must only happen once the change is permanent goes to
 * `afterCommit` (docs/architecture.md › Module map: features talk through events).
 */
export abstract class TransactionalEvent {
  private readonly tasks: AfterCommitTask[] = [];

  constructor(readonly manager: EntityManager) {}

  afterCommit(task: AfterCommitTask): void {
    this.tasks.push(task);
  }

  /** Runs the deferred work in order; the raiser calls this after its transaction committed. */
  async runAfterCommitTasks(): Promise<void> {
    for (const task of this.tasks) await task();
  }
}
