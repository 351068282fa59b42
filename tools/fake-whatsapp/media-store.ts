import { createHash } from 'node:crypto';

export interface StoredMedia {
  id: string;
  /** The phone number id (Meta) or message SID (Twilio) that owns the media. */
  owner: string;
  filename?: string;
  mimeType: string;
  size: number;
  sha256: string;
  bytes: Buffer;
  createdAt: number;
}

/** Uploaded or user-sent media, bounded in total bytes (oldest evicted first). */
export class MediaStore {
  private readonly items = new Map<string, StoredMedia>();
  private totalBytes = 0;

  constructor(private readonly maxTotalBytes = 256 * 1024 * 1024) {}

  put(media: Omit<StoredMedia, 'size' | 'sha256'>): StoredMedia {
    const stored: StoredMedia = {
      ...media,
      size: media.bytes.length,
      sha256: createHash('sha256').update(media.bytes).digest('hex'),
    };
    this.items.set(stored.id, stored);
    this.totalBytes += stored.size;
    for (const [id, item] of this.items) {
      if (this.totalBytes <= this.maxTotalBytes || id === stored.id) break;
      this.items.delete(id);
      this.totalBytes -= item.size;
    }
    return stored;
  }

  get(id: string): StoredMedia | undefined {
    return this.items.get(id);
  }

  delete(id: string): boolean {
    const item = this.items.get(id);
    if (!item) return false;
    this.items.delete(id);
    this.totalBytes -= item.size;
    return true;
  }

  all(): StoredMedia[] {
    return [...this.items.values()];
  }

  clear(): void {
    this.items.clear();
    this.totalBytes = 0;
  }
}
