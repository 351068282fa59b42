import { parseArgs } from 'node:util';
import { CliError, type CommandIo } from './cli-error';
import type { AdminOptions } from './commands/admin-context';
import { SANDBOX_USAGE } from './commands/sandbox-usage';

export const USAGE = `Usage: npm run -s leadline -- <command>

  validate <flow.json>... [--json]                  check flows against format v1
  simulate <flow.json> --script <script.json> [--json]  run a flow with a simulated clock and channel
  schema                                            print the JSON Schema of the flow format
  activity new <name> [--dir activities]            write a custom activity and its test to start from

Administration (reads DATABASE_URL and ENCRYPTION_KEY; run npm run db:migrate first):

  tenant create <slug> [--name <name>] [--json]     create a tenant and print its first API key once
  tenant settings show|set|unset --tenant <slug> [--key <path> --value <json>] [--json]
                                                    the workspace settings activities read (ctx.tenant.settings)
  user create --tenant <slug> --email <email> --role owner|admin|editor|agent|viewer [--name <name>]
      [--password-stdin] [--json]                   add a person who signs in (password generated unless stdin)
  channel add --tenant <slug> --provider meta|twilio|sandbox --phone-number-id <id>
      [--waba-id <id>] [--access-token <t>] [--app-secret <s>]          (meta)
      [--account-sid <sid>] [--auth-token <t>] [--from <whatsapp:+...>]  (twilio)
      [--display-phone <+...>] [--json]             add a WhatsApp number, credentials encrypted
  keys reseal [--json]                              re-encrypt every sealed secret after a key rotation
  channel reseal [--json]                           the same, channels' credentials only
  publish <flow.json> --tenant <slug> [--json]      validate a flow and make it the active version
  templates sync --tenant <slug> [--json]           read each channel's templates from Meta / Twilio
  templates list --tenant <slug> [--json]           show stored templates and their review status
  templates create --tenant <slug> --channel <phone-number-id> --name <name> --language <code>
      --category utility|marketing|authentication --body "<text with {{1}}>" [--example <value>]... [--json]
                                                    submit a template to Meta for review
  runs list --tenant <slug> [--status waiting[,handoff]] [--flow <key>] [--limit <n>] [--json]
                                                    the tenant's flow runs, newest first
  runs show <run-id> --tenant <slug> [--json]       a run's steps and messages
  runs cancel <run-id> --tenant <slug> [--reason <text>] [--json]
                                                    stop an active run (also reads REDIS_URL)
  runs resume <run-id> --tenant <slug> [--node <node-id>] [--json]
                                                    hand a handed-off run back to the flow (REDIS_URL)
  ${SANDBOX_USAGE}
                                                    chat with a sandbox channel from the terminal
  ai keys set --tenant <slug> --provider openai|gemini [--model <model>] --key-stdin [--json]
                                                    store a workspace's AI key (read from stdin, encrypted)
  secrets set --tenant <slug> --name <NAME> --value-stdin [--json]
                                                    store a workspace secret for HTTP steps and activities
  contacts import <file.csv> --tenant <slug> [--tag <t>]... [--country PT] [--opt-in <source>] [--json]
                                                    import contacts from CSV (merged by phone; opt-outs kept)
  campaign create --tenant <slug> --name <n> --template <name> --language <code> (--tag <t> | --segment <id>)
      [--param 1=contact.name]... [--header-media <url>] [--at <ISO time>] [--flow <key>] [--rate <n/s>] [--json]
  campaign start|pause|resume|cancel <id> --tenant <slug> [--json]
  campaign show <id> --tenant <slug> [--json]       a template broadcast and its numbers

Temporal engine:

  temporal codec-server [--port 8888] [--host 127.0.0.1] [--origin <Temporal UI origin>]...
                                                    /encode and /decode for the Temporal UI and CLI
                                                    (reads TEMPORAL_PAYLOAD_KEY, TEMPORAL_CODEC_TOKENS)`;

/**
 * Commands that talk to the database parse their own options (see commands/admin-context.ts). Each
 * is loaded when called, so `--help` or `validate` do not load the database client and the engine.
 */
const ADMIN_COMMANDS = {
  activity: () => import('./commands/activity.command').then((m) => m.activityCommand),
  tenant: () => import('./commands/tenant.command').then((m) => m.tenantCommand),
  user: () => import('./commands/user.command').then((m) => m.userCommand),
  channel: () => import('./commands/channel.command').then((m) => m.channelCommand),
  keys: () => import('./commands/keys.command').then((m) => m.keysCommand),
  publish: () => import('./commands/publish.command').then((m) => m.publishCommand),
  templates: () => import('./commands/templates.command').then((m) => m.templatesCommand),
  runs: () => import('./commands/runs.command').then((m) => m.runsCommand),
  sandbox: () => import('./commands/sandbox.command').then((m) => m.sandboxCommand),
  ai: () => import('./commands/ai.command').then((m) => m.aiCommand),
  secrets: () => import('./commands/secrets.command').then((m) => m.secretsCommand),
  contacts: () => import('./commands/contacts.command').then((m) => m.contactsCommand),
  campaign: () => import('./commands/campaign.command').then((m) => m.campaignCommand),
  temporal: () => import('./commands/temporal.command').then((m) => m.temporalCommand),
};

/** Runs one CLI command and returns its exit code; never throws for bad input. */
export async function runCli(argv: string[], io: CommandIo, options: AdminOptions = {}): Promise<number> {
  try {
    const at = argv.findIndex((arg) => !arg.startsWith('-'));
    const admin = ADMIN_COMMANDS[argv[at] as keyof typeof ADMIN_COMMANDS];
    if (admin && Object.hasOwn(ADMIN_COMMANDS, argv[at])) {
      if (argv.includes('--help') || argv.includes('-h')) {
        io.out(USAGE);
        return 0;
      }
      return await (
        await admin()
      )([...argv.slice(0, at), ...argv.slice(at + 1)], io, options);
    }
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        script: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      io.out(USAGE);
      return command || values.help ? 0 : 2;
    }
    switch (command) {
      case 'validate':
        return await (
          await import('./commands/validate.command')
        ).validateCommand(rest, { json: values.json ?? false }, io, options);
      case 'simulate':
        return await (
          await import('./commands/simulate.command')
        ).simulateCommand(rest, { json: values.json ?? false, script: values.script }, io, options);
      case 'schema':
        return await (await import('./commands/schema.command')).schemaCommand(io);
      default:
        throw new CliError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`leadline: ${error.message}`);
      return error.exitCode;
    }
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`leadline: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
