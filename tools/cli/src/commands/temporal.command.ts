import { CliError, type CommandIo } from '../cli-error';
import { parseCommandArgs, type AdminOptions } from './admin-context';

export const TEMPORAL_CODEC_USAGE =
  'temporal codec-server [--port 8888] [--host 127.0.0.1] [--origin <Temporal UI origin>]...';

/**
 * `temporal codec-server`: serves the engine's payload codec (AES-256-GCM, TEMPORAL_PAYLOAD_KEY)
 * on Temporal's /encode and /decode endpoints, so the Web UI and the CLI (`--codec-endpoint`) show
 * the payloads of encrypted histories. Every call needs `Authorization: Bearer <token>`, a token
 * from TEMPORAL_CODEC_TOKENS (comma-separated); browsers only from the --origin listed. Runs until
 * SIGINT/SIGTERM. See docs/engines.md, "Codec server".
 */
export async function temporalCommand(
  args: string[],
  io: CommandIo,
  options: AdminOptions & { signal?: AbortSignal; onListening?: (port: number) => void } = {},
): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'codec-server') throw new CliError(`usage: ${TEMPORAL_CODEC_USAGE}`);
  const { positionals, values } = parseCommandArgs(
    rest,
    {
      port: { type: 'string', default: '8888' },
      host: { type: 'string', default: '127.0.0.1' },
      origin: { type: 'string', multiple: true, default: [] },
    },
    TEMPORAL_CODEC_USAGE,
  );
  if (positionals.length) throw new CliError(`usage: ${TEMPORAL_CODEC_USAGE}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new CliError(`--port must be a port number (got "${values.port}")`);
  const env = options.env ?? process.env;
  const key = env.TEMPORAL_PAYLOAD_KEY;
  if (!key)
    throw new CliError('TEMPORAL_PAYLOAD_KEY is not set: the codec server opens what that key sealed');
  const tokens = (env.TEMPORAL_CODEC_TOKENS ?? '')
    .split(',')
    .map((token) => token.trim())
    .filter(Boolean);
  if (!tokens.length)
    throw new CliError(
      'TEMPORAL_CODEC_TOKENS is not set: callers must present one of its tokens (it decrypts personal data)',
    );
  const { AesGcmPayloadCodec, startCodecServer } = await import('@leadline/temporal');
  let codec;
  try {
    codec = new AesGcmPayloadCodec([key]);
  } catch (error) {
    throw new CliError(String((error as Error).message));
  }
  const server = await startCodecServer({
    codec,
    tokens,
    allowedOrigins: values.origin as string[],
    port,
    host: values.host as string,
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  io.out(`codec server on http://${values.host}:${bound} (POST /encode, /decode)`);
  options.onListening?.(bound);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    if (options.signal) options.signal.addEventListener('abort', stop, { once: true });
    else {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
  });
  await new Promise((resolve) => server.close(resolve));
  return 0;
}
