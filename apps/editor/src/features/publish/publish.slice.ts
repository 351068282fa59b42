import type { FlowDiff, KeywordConflict, VersionSummary } from '../../api/api-client';
import { textChanges, type TextChange } from '../../flows/text-changes';
import type { SliceCreator } from '../../store/editor-kit';

export interface PublishSlice {
  /** Shown before publishing: what the saved draft changes against the published version. */
  pendingPublish: {
    diff: FlowDiff;
    nextVersion: number;
    conflicts: KeywordConflict[];
    /** The old and new words of the changed steps (empty when nothing was published yet). */
    texts: TextChange[];
  } | null;
  /** The open workspace flow's published versions, newest first, once asked for. */
  versions: VersionSummary[] | null;
  /** A diff the author asked to see (a version against the draft). */
  comparison: { title: string; diff: FlowDiff } | null;
  /** Saves, then asks the API what publishing would change; `confirmPublish` publishes. */
  preparePublish(): Promise<void>;
  confirmPublish(): Promise<boolean>;
  cancelPublish(): void;
  loadVersions(): Promise<void>;
  compareVersion(version: number): Promise<void>;
  closeComparison(): void;
}

/** Nothing about publishing is shown for a flow just opened. */
export const noPublishing = (): Pick<PublishSlice, 'pendingPublish' | 'versions' | 'comparison'> => ({
  pendingPublish: null,
  versions: null,
  comparison: null,
});

/** Publishing the saved draft, and the published versions and their differences. */
export const createPublishSlice: SliceCreator<PublishSlice> = (set, get, kit) => ({
  ...noPublishing(),

  preparePublish: async () => {
    if (!(await get().save())) return;
    const entry = kit.openEntry();
    if (!entry?.remoteId) return;
    const diff = await kit.remote('Comparing with the published version', () =>
      kit.requireApi().diff(entry.remoteId!, 'active', 'draft'),
    );
    if (!diff) return;
    // A warning, not a refusal: the author may mean to take the keyword over.
    const conflicts = await Promise.resolve()
      .then(() => kit.requireApi().keywordConflicts(entry.remoteId!))
      .catch(() => [] as KeywordConflict[]);
    // The words contacts get, before and after: fetched only when something was published.
    const active = entry.activeVersion;
    const published = active
      ? await kit
          .requireApi()
          .version(entry.remoteId, active)
          .catch(() => null)
      : null;
    const texts = published
      ? textChanges(
          published.definition,
          get().currentDocument(),
          diff.nodes.changed.map((change) => change.id),
        )
      : [];
    set({ pendingPublish: { diff, nextVersion: (entry.activeVersion ?? 0) + 1, conflicts, texts } });
  },

  confirmPublish: async () => {
    const entry = kit.openEntry();
    set({ pendingPublish: null });
    if (!entry?.remoteId) return false;
    const published = await kit.remote('Publishing', () => kit.requireApi().publish(entry.remoteId!));
    if (!published) return false;
    set({
      versions: null,
      flows: get().flows.map((candidate) =>
        candidate.key === entry.key ? { ...candidate, activeVersion: published.version } : candidate,
      ),
      notice: {
        tone: 'info',
        text: published.created
          ? `Published version ${published.version}.`
          : `Nothing changed since version ${published.version}: no new version.`,
      },
    });
    return true;
  },

  cancelPublish: () => set({ pendingPublish: null }),

  loadVersions: async () => {
    const entry = kit.openEntry();
    if (!entry?.remoteId) return;
    const versions = await kit.remote('Loading the versions', () =>
      kit.requireApi().versions(entry.remoteId!),
    );
    if (versions && kit.openEntry()?.key === entry.key) set({ versions });
  },

  compareVersion: async (version) => {
    const entry = kit.openEntry();
    if (!entry?.remoteId) return;
    // The comparison is with the saved draft: unsaved edits are saved first so the diff is true.
    if (get().edited && !(await get().save())) return;
    const diff = await kit.remote('Comparing', () =>
      kit.requireApi().diff(entry.remoteId!, version, 'draft'),
    );
    if (diff && kit.openEntry()?.key === entry.key)
      set({ comparison: { title: `Version ${version} → draft`, diff } });
  },

  closeComparison: () => set({ comparison: null }),
});
