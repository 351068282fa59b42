import { ActivityDefinitionError, type ActivityDefinition } from './define-activity';
import { activityManifest, type ActivityManifest } from './manifest';

/** The activities a server runs, by name; two with one name is a start-up error. */
export class ActivityRegistry {
  private readonly byName = new Map<string, { definition: ActivityDefinition; source: string }>();

  constructor(entries: Iterable<{ definition: ActivityDefinition; source: string }> = []) {
    for (const entry of entries) this.add(entry.definition, entry.source);
  }

  add(definition: ActivityDefinition, source = 'built-in'): void {
    const existing = this.byName.get(definition.name);
    if (existing) {
      throw new ActivityDefinitionError(
        `activity "${definition.name}" is defined twice (in ${existing.source} and in ${source}); names must be unique`,
      );
    }
    this.byName.set(definition.name, { definition, source });
  }

  /**
   * Takes the activities of another registry in place of its own (a development reload): holders of
   * this registry (the worker's handler, the API's manifest) see the new definitions at once.
   */
  replaceWith(other: ActivityRegistry): void {
    this.byName.clear();
    for (const [name, entry] of other.byName) this.byName.set(name, entry);
  }

  get(name: string): ActivityDefinition | undefined {
    return this.byName.get(name)?.definition;
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  definitions(): ActivityDefinition[] {
    return [...this.byName.values()].map((entry) => entry.definition);
  }

  manifest(): ActivityManifest {
    return activityManifest(this.definitions());
  }
}
