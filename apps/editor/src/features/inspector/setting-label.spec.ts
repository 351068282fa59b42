import { settingLabel } from './setting-label';

describe('settingLabel', () => {
  it.each([
    ['fallbackTemplate', 'Template when the 24-hour window is closed'],
    ['interruptOnReply', 'Stop waiting when they reply'],
    ['addTags', 'Add tags'],
    ['max_tokens', 'Max tokens'],
    ['label', 'Label'],
  ])('%s reads "%s"', (key, label) => {
    expect(settingLabel(key)).toBe(label);
  });
});
