import { useEditor } from '../../store';

export function NoticeBar() {
  const notice = useEditor((state) => state.notice);
  const dismiss = useEditor((state) => state.dismissNotice);
  if (!notice) return null;
  return (
    <div className={`notice notice--${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <span>{notice.text}</span>
      <button type="button" className="notice__close" onClick={dismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
