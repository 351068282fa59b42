import { Writable } from 'node:stream';
import { createLogger, type LoggerSettings } from './logger.factory';

/** Logs one line with these settings and returns what was written. */
function written(settings: Partial<LoggerSettings>): string {
  let out = '';
  const destination = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  const logger = createLogger({
    level: 'info',
    nodeEnv: 'development',
    service: 'api',
    destination,
    ...settings,
  });
  logger.info({ requestId: 'r-1' }, 'hello there');
  logger.flush?.();
  return out;
}

describe('createLogger', () => {
  it('writes readable lines for people with LOG_FORMAT=pretty', () => {
    const line = written({ format: 'pretty' });
    expect(line).not.toMatch(/^\{/);
    expect(line).toMatch(/INFO.*api \| hello there/);
    expect(line).toContain('requestId: "r-1"');
  });

  it('writes one JSON object per line otherwise, and always in production', () => {
    for (const settings of [
      {},
      { format: 'json' as const },
      { nodeEnv: 'production', format: 'pretty' as const },
    ]) {
      const parsed = JSON.parse(written(settings));
      expect(parsed).toMatchObject({ level: 30, service: 'api', requestId: 'r-1', msg: 'hello there' });
    }
  });
});
