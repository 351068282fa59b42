import { useState, type ReactNode } from 'react';
import { Empty, ErrorBox, Loading, plainError, type Load } from '../shell/load-state';

/**
 * The table of a settings tab that lists things (API keys, webhooks, quick replies), with its
 * loading, error and empty states and a last column of actions per row: one shape for every such tab.
 */
export function SettingsList<T extends { id: string }>({
  label,
  what,
  list,
  reload,
  empty,
  columns,
  cells,
  actions,
}: {
  /** The table's accessible name. */
  label: string;
  /** What the loading line says it loads. */
  what: string;
  list: Load<T[]>;
  reload: () => void;
  empty: ReactNode;
  columns: string[];
  /** The row's cells (<td>s), one per column. */
  cells: (item: T) => ReactNode;
  actions: (item: T) => ReactNode;
}) {
  return (
    <>
      {list.status === 'error' && <ErrorBox message={list.error} retry={reload} />}
      {!list.data && list.status === 'loading' && <Loading what={what} />}
      {list.data?.length === 0 && <Empty>{empty}</Empty>}
      {list.data && list.data.length > 0 && (
        <table className="table" aria-label={label}>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column}>{column}</th>
              ))}
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((item) => (
              <tr key={item.id}>
                {cells(item)}
                <td className="table__actions">{actions(item)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/**
 * A settings tab's change to its list: asked to confirm first when `question` is given, `busy` while
 * it runs, the list reloaded after, a failure shown in plain words (`error`). Returns whether it went
 * through.
 */
export function useListChange(reload: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = async (action: () => Promise<unknown>, question?: string): Promise<boolean> => {
    if (question && !window.confirm(question)) return false;
    setError(null);
    setBusy(true);
    try {
      await action();
      reload();
      return true;
    } catch (failure) {
      setError(plainError(failure));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, change };
}

/** A labelled form field: the label's words above its input (or select, or textarea). */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      {children}
    </label>
  );
}
