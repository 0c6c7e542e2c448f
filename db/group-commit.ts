/**
 * Group commit: jobs that arrive while a commit is in flight wait and are committed together in the
 * next one. SQLite takes one writer at a time and each commit has a fixed cost (the lock, the WAL
 * frame, the fsync at checkpoints), so under load a batch of N jobs costs about what one did, and
 * when idle a lone job waits for nothing but the current turn of the event loop.
 *
 * `commit` gets the jobs in arrival order and returns one result per job, in the same order; a job
 * that fails on its own must come back as a result (an error value), since a thrown error fails
 * every job of its batch.
 */
export class GroupCommit<Job, Result> {
  private queue: { job: Job; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly commit: (jobs: Job[]) => Promise<Result[]>,
    private readonly maxBatch = 256,
  ) {}

  submit(job: Job): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After this turn's I/O callbacks: every request already read joins the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const results = await this.commit(batch.map((entry) => entry.job));
          if (results.length !== batch.length) throw new Error(`group commit returned ${results.length} results for ${batch.length} jobs`);
          batch.forEach((entry, i) => entry.resolve(results[i]!));
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.scheduled = false;
    }
  }
}
