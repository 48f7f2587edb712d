/**
 * An ordered stream of messages with waiters. A wait consumes the stream up to and including the
 * first message that matches its predicate: messages that arrived earlier and did not match are
 * dropped, messages that arrive later stay buffered for the next wait.
 */
export class Mailbox<T> {
  private readonly buffered: T[] = [];
  private readonly waiters: { accept: (m: T) => boolean; resolve: (m: T) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | undefined;

  deliver(message: T): void {
    const i = this.waiters.findIndex((w) => w.accept(message));
    if (i >= 0) {
      const [w] = this.waiters.splice(i, 1);
      w!.resolve(message);
      return;
    }
    this.buffered.push(message);
  }

  take(accept: (m: T) => boolean): Promise<T> {
    const i = this.buffered.findIndex(accept);
    if (i >= 0) {
      const [m] = this.buffered.splice(0, i + 1).slice(-1);
      return Promise.resolve(m!);
    }
    this.buffered.length = 0;
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => this.waiters.push({ accept, resolve, reject }));
  }

  fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiters.splice(0)) w.reject(error);
  }
}
