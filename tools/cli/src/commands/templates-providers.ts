import type { AppConfig } from '@leadline/config';
import type { ChannelCredentials, TemplateProviders } from '@leadline/engine';
import type { SecretBox } from '@leadline/secrets';

/** The providers the template commands talk to, configured like the worker's (META_GRAPH_URL, ...). */
export async function cliTemplateProviders(
  config: AppConfig,
  secretBox: SecretBox,
): Promise<TemplateProviders> {
  const { templateProviders } = await import('@leadline/engine');
  return templateProviders({
    meta: config.whatsapp.meta,
    twilio: config.whatsapp.twilio,
    publicUrl: config.server.publicUrl,
    openCredentials: (sealed) => secretBox.open(sealed) as ChannelCredentials,
  });
}

/** "3 added, 1 updated, 0 removed" */
export function syncCountsText(counts: { added: number; updated: number; removed: number }): string {
  return `${counts.added} added, ${counts.updated} updated, ${counts.removed} removed`;
}
