import { CliError } from '../cli-error';

export const CHANNEL_PROVIDERS = ['meta', 'twilio', 'sandbox'] as const;
export type ChannelProviderName = (typeof CHANNEL_PROVIDERS)[number];

/** The options of `channel add`, as parseArgs returns them. */
export interface ChannelAddValues {
  tenant?: string;
  provider?: string;
  'phone-number-id'?: string;
  'waba-id'?: string;
  'access-token'?: string;
  'app-secret'?: string;
  'account-sid'?: string;
  'auth-token'?: string;
  from?: string;
  'display-phone'?: string;
}

export interface ChannelSpec {
  tenant: string;
  provider: ChannelProviderName;
  phoneNumberId: string;
  wabaId?: string;
  /** Read from the provider when not given (Meta's display_phone_number, Twilio's sender). */
  displayPhone?: string;
  /** What gets sealed; undefined for the sandbox, which needs no credentials. */
  credentials?: Record<string, string>;
  warnings: string[];
}

type Option = Exclude<keyof ChannelAddValues, 'tenant' | 'provider' | 'phone-number-id' | 'display-phone'>;

/** Which provider each provider-specific option belongs to. */
const OPTION_PROVIDER: Record<Option, ChannelProviderName> = {
  'waba-id': 'meta',
  'access-token': 'meta',
  'app-secret': 'meta',
  'account-sid': 'twilio',
  'auth-token': 'twilio',
  from: 'twilio',
};

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Checks that the options fit the provider (meta: access token, twilio: account SID, auth token and
 * sender, sandbox: no credentials) and reports every problem at once as one exit-2 error.
 */
export function channelSpecFromOptions(values: ChannelAddValues): ChannelSpec {
  const problems: string[] = [];
  const given = (option: keyof ChannelAddValues) => values[option]?.trim() || undefined;
  const tenant = given('tenant');
  const provider = given('provider');
  const phoneNumberId = given('phone-number-id');
  if (!tenant) problems.push('--tenant <slug> is required');
  // A Twilio channel's phone number id is its sender number, so --from alone will do.
  if (!phoneNumberId && provider !== 'twilio') problems.push('--phone-number-id <id> is required');
  else if (phoneNumberId && /\s/.test(phoneNumberId))
    problems.push('--phone-number-id must not contain spaces');
  if (!provider) problems.push('--provider meta|twilio|sandbox is required');
  else if (!(CHANNEL_PROVIDERS as readonly string[]).includes(provider)) {
    problems.push(`--provider must be meta, twilio or sandbox, not ${JSON.stringify(provider)}`);
  }
  if (problems.length) throw invalid(problems);
  const kind = provider as ChannelProviderName;

  for (const option of Object.keys(OPTION_PROVIDER) as Option[]) {
    if (given(option) !== undefined && OPTION_PROVIDER[option] !== kind) {
      problems.push(`--${option} is not used by ${kind} channels (only by ${OPTION_PROVIDER[option]})`);
    }
  }
  const need = (option: Option | 'display-phone', why: string) => {
    if (given(option) === undefined) problems.push(`${kind} channels need --${option} (${why})`);
  };
  const warnings: string[] = [];
  let credentials: Record<string, string> | undefined;
  let displayPhone = given('display-phone');

  if (kind === 'meta') {
    need('access-token', 'the system-user token of the WhatsApp Business Account');
    if (given('waba-id') === undefined) {
      warnings.push('no --waba-id: templates cannot be listed or created for this channel until it is set');
    }
    credentials = { accessToken: given('access-token') ?? '' };
    const appSecret = given('app-secret');
    if (appSecret) credentials.appSecret = appSecret;
  } else if (kind === 'twilio') {
    need('account-sid', 'the Twilio account, AC...');
    need('auth-token', 'the Twilio auth token');
    need('from', 'the WhatsApp sender, whatsapp:+15550100000');
    const from = given('from');
    const number = from?.replace(/^whatsapp:/, '');
    if (from !== undefined && !E164.test(number ?? '')) {
      problems.push('--from must be a WhatsApp sender in E.164, e.g. whatsapp:+15550100000');
    }
    displayPhone ??= number;
    credentials = {
      accountSid: given('account-sid') ?? '',
      authToken: given('auth-token') ?? '',
      from: `whatsapp:${number}`,
    };
  } else {
    need('display-phone', 'the number the sandbox pretends to be, e.g. +15550100000');
  }
  if (given('display-phone') !== undefined && !E164.test(given('display-phone') ?? '')) {
    problems.push('--display-phone must be in E.164, e.g. +15550100000');
  }
  if (problems.length) throw invalid(problems);
  return {
    tenant: tenant as string,
    provider: kind,
    phoneNumberId: phoneNumberId ?? (credentials?.from ?? '').replace(/^whatsapp:/, ''),
    ...(kind === 'meta' && given('waba-id') ? { wabaId: given('waba-id') } : {}),
    ...(displayPhone ? { displayPhone } : {}),
    credentials,
    warnings,
  };
}

function invalid(problems: string[]): CliError {
  return new CliError(
    problems.length === 1
      ? `channel add: ${problems[0]}`
      : ['channel add: invalid options:', ...problems.map((p) => `  - ${p}`)].join('\n'),
  );
}
