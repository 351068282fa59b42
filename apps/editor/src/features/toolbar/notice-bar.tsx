import { useEffect } from 'react';
import { editorStore, useEditor } from '../../store';

/** How long an information notice ("Saved", "Published") stays before it hides itself. */
const INFO_NOTICE_MS = 5_000;

export function NoticeBar() {
  const notice = useEditor((state) => state.notice);
  const dismiss = useEditor((state) => state.dismissNotice);
  const reconnect = useEditor((state) => state.reconnectNotice);
  // Errors stay until dismissed; a confirmation must not sit over the canvas for ever.
  useEffect(() => {
    if (notice?.tone !== 'info' || notice.reconnect) return;
    const timer = setTimeout(() => {
      if (editorStore.getState().notice === notice) dismiss();
    }, INFO_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  if (!notice) return null;
  return (
    <div className={`notice notice--${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <span>{notice.text}</span>
      {notice.reconnect && (
        <button type="button" className="button button--small" onClick={reconnect}>
          Reconnect
        </button>
      )}
      <button type="button" className="notice__close" onClick={dismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
