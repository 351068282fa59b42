import { fillSamples, type TemplateDraft } from '@leadline/flow-core';

const BUTTON_ICON: Record<string, string> = { url: '↗', phone: '📞', copy_code: '⧉', quick_reply: '↩' };

/** The template as the contact will see it: a WhatsApp bubble with the sample values filled in. */
export function TemplatePreview({ draft }: { draft: TemplateDraft }) {
  const header = draft.header ?? { type: 'none' };
  const buttons = draft.buttons ?? [];
  return (
    <figure className="wa-preview" aria-label="Preview">
      <div className="wa-preview__chat">
        <div className="wa-preview__bubble">
          {header.type === 'text' && header.text && (
            <p className="wa-preview__header">{fillSamples(header.text, [header.example ?? ''])}</p>
          )}
          {header.type !== 'none' && header.type !== 'text' && (
            <div className="wa-preview__media">
              {header.type === 'image' ? '🖼 Image' : header.type === 'video' ? '▶ Video' : '📄 Document'}
            </div>
          )}
          <p className="wa-preview__body">
            {draft.body.text ? fillSamples(draft.body.text, draft.body.examples ?? []) : 'Your message text'}
          </p>
          {draft.footer && <p className="wa-preview__footer">{draft.footer}</p>}
          <span className="wa-preview__time">12:00</span>
        </div>
        {buttons.map((button, index) => (
          <div key={index} className="wa-preview__button">
            {BUTTON_ICON[button.type]} {button.type === 'copy_code' ? 'Copy code' : button.text || 'Button'}
          </div>
        ))}
      </div>
      <figcaption className="muted">Sample values are shown where the variables go.</figcaption>
    </figure>
  );
}
