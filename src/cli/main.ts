import { Command, InvalidArgumentError } from 'commander';
import { describeError, SaringError } from '../errors.ts';
import { classifyFileCommand, reclassifyCommand } from './classify.ts';
import { cliContext } from './context.ts';
import { itemsSearchCommand, migrateCommand } from './items.ts';
import { importCommand, tipAddCommand } from './manual.ts';
import { tiplineCommand } from './tipline.ts';
import { runCommand } from './run.ts';
import { alertsCheckCommand } from './alerts.ts';
import { sourcesHealthCommand, sourcesListCommand } from './sources.ts';
import { startCommand } from './start.ts';
import { userAddCommand, userListCommand } from './users.ts';
import { jobsFailedCommand, jobsRetryCommand, jobsStatusCommand, workerCommand } from './worker.ts';
import { reportWeeklyCommand } from './report.ts';
import { auditVerifyCommand } from './audit.ts';

function int(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return n;
}

export function buildProgram(): Command {
  const program = new Command('saring').description('Saring — saring sebelum sharing: hoax and misinformation monitoring for a Polres').showHelpAfterError();
  const pipelineOpt = ['-p, --pipeline <name>', 'pipeline in pipelines/ (default: $SARING_PIPELINE or demo)'] as const;

  program
    .command('start')
    .description('migrate, run every source on its schedule and serve the web app')
    .option('--port <n>', 'web port (default: $PORT or 8080)', int)
    .option(...pipelineOpt)
    .option('--no-run-now', 'wait for the first scheduled tick instead of running every source at start')
    .option('--concurrency <n>', 'PostgreSQL mode: job workers in this process, 0 for web and scheduler only (default 2)', int)
    .action((o) => startCommand(cliContext(), o));

  program
    .command('worker')
    .description('work queued jobs (PostgreSQL mode); run on as many machines as needed')
    .option('--concurrency <n>', 'jobs at once in this process (default 2)', int)
    .option('--schedule', 'also run the cron (normally `saring start` does)')
    .option(...pipelineOpt)
    .action((o) => workerCommand(cliContext(), o));

  const jobs = program
    .command('jobs')
    .description('the job queue (PostgreSQL mode)')
    .action(() => jobsStatusCommand(cliContext()));
  jobs
    .command('failed')
    .description('jobs that used up their attempts, with their last error')
    .option('--json', 'one JSON object per line')
    .option('--limit <n>', 'how many (default 100)', int)
    .action((o) => jobsFailedCommand(cliContext(), o));
  jobs
    .command('retry')
    .description('run failed jobs again')
    .argument('<ids...>', 'job ids (see: saring jobs failed)')
    .action(async (ids: string[]) => {
      process.exitCode = await jobsRetryCommand(cliContext(), ids.map(int));
    });

  program
    .command('run')
    .description('run sources now')
    .argument('[sources...]', 'source ids (see: saring sources list)')
    .option('--all', 'every enabled source of the pipeline')
    .option('--once', 'exit after this run instead of continuing on the schedule')
    .option(...pipelineOpt)
    .action(async (ids: string[], o) => {
      process.exitCode = await runCommand(cliContext(), ids, o);
    });

  const sources = program.command('sources').description('sources of the pipeline');
  sources
    .command('list')
    .option(...pipelineOpt)
    .option('--json', 'machine-readable output')
    .action((o) => sourcesListCommand(cliContext(), o));
  sources
    .command('health')
    .description('each source by health, worst first: failing, silent against its own rate, degraded, new, ok')
    .option(...pipelineOpt)
    .option('--json', 'machine-readable output')
    .action((o) => sourcesHealthCommand(cliContext(), o));

  program
    .command('alerts')
    .description('alert rules of the pipeline')
    .command('check')
    .description('evaluate the alert rules now and deliver what is due (saring start does this every minute)')
    .option(...pipelineOpt)
    .action((o) => alertsCheckCommand(cliContext(), o));

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(() => migrateCommand(cliContext()));

  program
    .command('tip')
    .description('tips submitted by hand')
    .command('add')
    .description('add a tip (a text, a URL, images, or any of them)')
    .option('--url <url>', 'link to the post or page')
    .option('--text <text>', 'the message as received')
    .option('--reporter <who>', 'who reported it')
    .option('--channel <where>', 'where it circulates (WhatsApp, Facebook…)')
    .option('--note <note>', 'a note for analysts')
    .option('--fetch', 'fetch the linked page now and store its article with the tip; exits non-zero when the link is refused')
    .option(
      '--image <file>',
      'an image or screenshot sent with it (JPEG, PNG, WebP, GIF; repeat for up to 4): stored, hashed and read by OCR now',
      (f: string, all: string[] = []) => [...all, f],
    )
    .option(...pipelineOpt)
    .action(async (o) => {
      process.exitCode = await tipAddCommand(cliContext(), o);
    });

  program
    .command('import')
    .description('import posts from a JSONL or CSV export, or a WhatsApp chat export (.txt or .zip)')
    .argument('<file>')
    .option('--format <jsonl|csv|whatsapp>', 'default: from the file extension (.txt and .zip: whatsapp)')
    .option(...pipelineOpt)
    .action(async (file: string, o) => {
      process.exitCode = await importCommand(cliContext(), file, o);
    });

  program
    .command('tipline')
    .description(
      'the Telegram tipline bot: files what people send it as tips and answers with a receipt (token: $SARING_TELEGRAM_BOT_TOKEN); runs until SIGINT/SIGTERM',
    )
    .option('--once', 'exit after the first batch of messages')
    .option(...pipelineOpt)
    .action(async (o) => {
      process.exitCode = await tiplineCommand(cliContext(), o);
    });

  program
    .command('items')
    .description('stored items')
    .command('search')
    .argument('[query]', 'words, "a phrase", -excluded, or; empty matches all', '')
    .option('--count', 'print only the number of matches')
    .option('--limit <n>', 'how many to show (default 20)', int)
    .option('--source <id>', 'only this source')
    .option('--json', 'one JSON object per line')
    .action((q: string, o) => itemsSearchCommand(cliContext(), q, o));

  program
    .command('classify')
    .description('classify a JSONL file of {"id","text","title"?} lines; no database, no network')
    .requiredOption('--in <file>', 'input JSONL')
    .option('--out <file>', 'output JSONL (default: stdout)')
    .option('--claims <file>', 'JSONL of debunked claims {"url","title","text"} to match against')
    .option(...pipelineOpt)
    .action(async (o) => {
      process.exitCode = await classifyFileCommand(cliContext(), o);
    });

  program
    .command('reclassify')
    .description('classify every stored item again with the current model (after npm run train)')
    .option('--pending', 'only items the current model has not classified yet')
    .option(...pipelineOpt)
    .action((o) => reclassifyCommand(cliContext(), o));

  program
    .command('report')
    .description('reports for leadership')
    .command('weekly')
    .description("the Kapolres's weekly report (default: last complete week, Monday to Sunday)")
    .option('--week <YYYY-Www>', 'ISO week, e.g. 2026-W47')
    .option('--format <html|pdf|both>', 'default: both')
    .option('--out <dir>', 'where to write the files (default: <data dir>/reports)')
    .option(...pipelineOpt)
    .action((o) => reportWeeklyCommand(cliContext(), o));

  program
    .command('audit')
    .description('the audit log')
    .command('verify')
    .description("check the audit log's hash chain: exit 1 naming the first row changed or removed")
    .action(async () => {
      process.exitCode = await auditVerifyCommand(cliContext());
    });

  const user = program.command('user').description('review-desk accounts');
  user
    .command('add')
    .description('create an account (the first admin: saring user add NAME --role admin --password-stdin)')
    .argument('<username>', '2–40 lower-case letters, digits, . _ -')
    .option('--name <display name>', 'full name shown on the desk (default: the username)')
    .option('--role <role>', 'analis, humas, pimpinan or admin; repeat for several', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--password-stdin', 'read the password from stdin (else $SARING_PASSWORD)')
    .action(async (username: string, o) => {
      process.exitCode = await userAddCommand(cliContext(), username, o);
    });
  user
    .command('list')
    .option('--json', 'machine-readable output')
    .action((o) => userListCommand(cliContext(), o));

  return program;
}

export async function main(argv: string[]): Promise<void> {
  // A library promise nobody awaits (a queue client losing its server) must not end a long-running
  // process: the worker supervisor restarts what failed. Logged loudly instead.
  process.on('unhandledRejection', (reason) => process.stderr.write(`saring: unhandled rejection: ${describeError(reason).message}\n`));
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    const { code, message } = describeError(err);
    process.stderr.write(`saring: ${message}${err instanceof SaringError ? '' : ` (${code})`}\n`);
    if (!(err instanceof SaringError) && process.env.LOG_LEVEL === 'debug') console.error(err);
    process.exitCode = 2;
  }
}
