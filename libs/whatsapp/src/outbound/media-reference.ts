/** Prefix that marks a media URL field as an id from `uploadMedia` rather than a link. */
export const MEDIA_ID_SCHEME = 'media:';

export type MediaSource = { id: string } | { link: string };

/**
 * Reads a media reference from a flow: `https://...` is sent as a link, `media:<id>` as a media id
 * uploaded earlier. Anything else is ambiguous and returns undefined.
 */
export function mediaSource(reference: string | undefined): MediaSource | undefined {
  const ref = reference?.trim();
  if (!ref) return undefined;
  if (ref.startsWith(MEDIA_ID_SCHEME)) {
    const id = ref.slice(MEDIA_ID_SCHEME.length);
    return id ? { id } : undefined;
  }
  return /^https?:\/\/\S+$/i.test(ref) ? { link: ref } : undefined;
}

export function mediaReference(mediaId: string): string {
  return `${MEDIA_ID_SCHEME}${mediaId}`;
}
