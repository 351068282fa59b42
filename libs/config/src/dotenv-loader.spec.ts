import { dotEnvAdditions } from './dotenv-loader';

describe('dotEnvAdditions', () => {
  it('adds variables from .env that the environment lacks', () => {
    expect(dotEnvAdditions('PORT=4000\nLOG_LEVEL=debug\n', {})).toEqual({ PORT: '4000', LOG_LEVEL: 'debug' });
  });

  it('never overrides a variable that is really set, even to an empty string', () => {
    expect(dotEnvAdditions('PORT=4000\nLOG_LEVEL=debug\n', { PORT: '5000', LOG_LEVEL: '' })).toEqual({});
  });

  it('understands comments and quotes', () => {
    expect(dotEnvAdditions('# comment\nPUBLIC_URL="https://x.example"\n', {})).toEqual({
      PUBLIC_URL: 'https://x.example',
    });
  });
});
