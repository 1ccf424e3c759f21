/** Whether the connection is still usable, and who to tell when it stops being so. */
export class ConnectionLifecycle {
  private reason?: string;
  private readonly listeners = new Set<(reason: string) => void>();

  get isDown(): boolean {
    return this.reason !== undefined;
  }

  get downReason(): string | undefined {
    return this.reason;
  }

  down(reason: string): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    for (const listener of [...this.listeners]) listener(reason);
    this.listeners.clear();
  }

  /** Calls `listener` once when the connection goes down (at once if it already has); returns an unsubscribe. */
  onDown(listener: (reason: string) => void): () => void {
    if (this.reason !== undefined) {
      listener(this.reason);
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
