import { runCli } from './run-cli';

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
})
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`leadline: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 70;
  });
