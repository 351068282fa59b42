/** Append-only record list that forgets its oldest entries, so long benchmarks keep flat memory. */
export class BoundedLog<T> {
  private items: T[] = [];
  private dropped = 0;

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('BoundedLog capacity must be >= 1');
  }

  push(item: T): void {
    this.items.push(item);
    // Trim in chunks: shifting one element per push would make every push O(n).
    if (this.items.length > this.capacity * 1.25) {
      const excess = this.items.length - this.capacity;
      this.items.splice(0, excess);
      this.dropped += excess;
    }
  }

  all(): T[] {
    const overflow = this.items.length - this.capacity;
    return overflow > 0 ? this.items.slice(overflow) : this.items.slice();
  }

  /** How many entries were forgotten to respect the capacity. */
  get forgotten(): number {
    return this.dropped + Math.max(0, this.items.length - this.capacity);
  }

  clear(): void {
    this.items = [];
    this.dropped = 0;
  }
}
