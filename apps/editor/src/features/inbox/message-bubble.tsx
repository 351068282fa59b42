import { useEffect, useState } from 'react';
import { saveFile } from '../shell/load-state';
import type { InboxMessage } from './inbox-api';
import { inbox } from './inbox.store';
import { deliveryWords, timeOf } from './inbox-words';

/** A file behind the session's token, shown from a blob URL (an <img> cannot send the header). */
function useFileUrl(url: string | null): string | null {
  const [blobUrl, setBlobUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!url) return;
    let revoked = false;
    let made: string | null = null;
    inbox.file(url).then(
      (blob) => {
        if (revoked) return;
        made = URL.createObjectURL(blob);
        setBlobUrl(made);
      },
      () => undefined,
    );
    return () => {
      revoked = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [url]);
  return blobUrl;
}

function MediaContent({ media, sent }: { media: NonNullable<InboxMessage['media']>; sent: boolean }) {
  const blobUrl = useFileUrl(
    media.state === 'stored' && /^(image|audio|video)\//.test(media.mimeType ?? '') ? media.url : null,
  );
  if (media.state === 'pending') return <p className="msg__note">Receiving the {media.kind}…</p>;
  if (media.state !== 'stored' || !media.url) {
    return (
      <p className="msg__note">
        A {media.kind} that could not be kept
        {media.state === 'rejected' ? ' (too large or an unusual type)' : ''}.
      </p>
    );
  }
  const mime = media.mimeType ?? '';
  if (mime.startsWith('image/')) {
    return blobUrl ? (
      <img
        className="msg__image"
        src={blobUrl}
        alt={media.caption ?? (sent ? 'Photo sent' : 'Photo from the contact')}
      />
    ) : (
      <p className="msg__note">Loading the photo…</p>
    );
  }
  if (mime.startsWith('audio/'))
    return blobUrl ? <audio controls src={blobUrl} aria-label="Voice message" /> : null;
  if (mime.startsWith('video/'))
    return blobUrl ? <video controls src={blobUrl} className="msg__image" /> : null;
  const url = media.url;
  return (
    <button
      type="button"
      className="button button--small"
      onClick={() => void inbox.file(url).then((blob) => saveFile(blob, media.filename ?? 'file'))}
    >
      Download {media.filename ?? 'the file'}
    </button>
  );
}

/** One message of the history: who wrote it, what it was, and where it stands. */
export function MessageBubble({ message }: { message: InboxMessage }) {
  const who =
    message.from === 'contact' ? null : message.from === 'bot' ? 'Bot' : (message.authorName ?? 'Teammate');
  return (
    <li className={`msg msg--${message.from}`} data-message={message.id}>
      {who && <span className="msg__who">{who}</span>}
      {message.kind === 'reply' && <span className="msg__note">Tapped</span>}
      {message.kind === 'template' && message.template && (
        <span className="msg__note">Template “{message.template.name.replace(/_/g, ' ')}”</span>
      )}
      {message.text && <p className="msg__text">{message.text}</p>}
      {message.template && !message.text && message.template.params.length > 0 && (
        <p className="msg__text">{message.template.params.join(' · ')}</p>
      )}
      {message.choices.length > 0 && (
        <ul className="msg__choices" aria-label="Choices offered">
          {message.choices.map((choice) => (
            <li key={choice}>{choice}</li>
          ))}
        </ul>
      )}
      {message.media && <MediaContent media={message.media} sent={message.direction === 'out'} />}
      {message.document && (
        <button
          type="button"
          className="button button--small"
          onClick={() =>
            void inbox.file(message.document!.url).then((blob) => saveFile(blob, message.document!.filename))
          }
        >
          Download {message.document.filename}
        </button>
      )}
      <span className="msg__meta">
        {timeOf(message.at)}
        {message.direction === 'out' && (
          <span className={`msg__ticks msg__ticks--${message.status}`}> {deliveryWords(message.status)}</span>
        )}
      </span>
      {message.error && <span className="msg__error">Not delivered: {message.error}</span>}
    </li>
  );
}
