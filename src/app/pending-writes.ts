/** Progress writes the app started and has not seen finish: closing the app waits for them. */
export class PendingWrites {
  private readonly writes = new Set<Promise<unknown>>();

  /** Keeps `promise` until it settles and hands it back. */
  readonly track = <T>(promise: Promise<T>): Promise<T> => {
    this.writes.add(promise);
    void promise.catch(() => {}).finally(() => this.writes.delete(promise));
    return promise;
  };

  async settled(): Promise<void> {
    await Promise.all([...this.writes].map((w) => w.catch(() => undefined)));
  }
}

export type Track = PendingWrites['track'];
