import type { TemplateDraft } from '@leadline/flow-core';
import { useCallback, useEffect, useState } from 'react';
import { channelsApi, type ChannelSummary, type TemplateSummary } from './channels-api';
import { problemText } from './channels.store';
import { draftFromTemplate, EMPTY_DRAFT } from './template-builder/draft-from-template';
import { TemplateBuilder } from './template-builder/template-builder';

const STATUS_TEXT: Record<TemplateSummary['status'], string> = {
  draft: 'Draft',
  pending: 'In review',
  approved: 'Approved',
  rejected: 'Rejected',
  paused: 'Paused',
  disabled: 'Disabled',
};

/** A number's templates with their review status, and the builder for a new or rejected one. */
export function TemplatesPanel({ channel }: { channel: ChannelSummary }) {
  const [templates, setTemplates] = useState<TemplateSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [building, setBuilding] = useState<TemplateDraft | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setTemplates(await channelsApi.templates(channel.id));
      setError(null);
    } catch (failure) {
      setError(problemText(failure));
    }
  }, [channel.id]);

  useEffect(() => {
    void load();
  }, [load]);

  if (channel.provider === 'sandbox') {
    return <p className="muted">Sandbox numbers have no WhatsApp templates.</p>;
  }
  return (
    <section className="templates-panel" aria-label={`Templates of ${channel.displayPhone}`}>
      <div className="page__header">
        <h2>Templates of {channel.name ?? channel.displayPhone}</h2>
        {!building && (
          <button type="button" className="button button--primary" onClick={() => setBuilding(EMPTY_DRAFT)}>
            New template
          </button>
        )}
      </div>
      {notice && <p role="status">{notice}</p>}
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      {building && (
        <TemplateBuilder
          key={building.name || 'new'}
          channelId={channel.id}
          initial={building}
          onCancel={() => setBuilding(null)}
          onSubmitted={(template) => {
            setBuilding(null);
            setNotice(`Template ${template.name} was sent to WhatsApp for review.`);
            void load();
          }}
        />
      )}
      {templates.length === 0 ? (
        <p className="empty">No templates yet.</p>
      ) : (
        <table className="templates-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Language</th>
              <th>Category</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {templates.map((template) => (
              <tr key={template.id}>
                <td>{template.name}</td>
                <td>{template.language}</td>
                <td>{template.category}</td>
                <td>
                  <span className={`status status--${template.status}`}>{STATUS_TEXT[template.status]}</span>
                  {template.rejectionReason && (
                    <span className="muted">
                      {' '}
                      · {template.rejectionReason.replace(/_/g, ' ').toLowerCase()}
                    </span>
                  )}
                </td>
                <td>
                  {(template.status === 'rejected' || template.status === 'paused') && (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => setBuilding(draftFromTemplate(template))}
                    >
                      Edit and resubmit
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
