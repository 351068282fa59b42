import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;

/**
 * Cryptographically random hex strings drawn from one pooled buffer, refilled when used up: a
 * wamid needs 8 random bytes per message and per reply, and asking the OS for 8 bytes at a time
 * was ~2 % of the bench's load generator. The values are as random as randomBytes(n)'s.
 */
export class RandomHex {
  private readonly pool = Buffer.allocUnsafe(POOL_BYTES);
  private offset = POOL_BYTES;

  next(bytes: number): string {
    if (!(Number.isInteger(bytes) && bytes >= 1 && bytes <= POOL_BYTES))
      throw new RangeError(`RandomHex.next needs 1..${POOL_BYTES} bytes`);
    if (this.offset + bytes > POOL_BYTES) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const hex = this.pool.toString('hex', this.offset, this.offset + bytes);
    this.offset += bytes;
    return hex;
  }
}
