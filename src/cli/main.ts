import { Command, InvalidArgumentError } from 'commander';
import { describeError, SaringError } from '../errors.ts';
import { cliContext } from './context.ts';

// Command modules load when their command runs, never up front: together they pull in PGlite,
// graphile-worker, playwright-core, Vega, cheerio, nodemailer and the web app, which made `--help`
// and every light command pay seconds of module loading for code they never call.
const alerts = () => import('./alerts.ts');
const audit = () => import('./audit.ts');
const classifyCli = () => import('./classify.ts');
const items = () => import('./items.ts');
const manual = () => import('./manual.ts');
const report = () => import('./report.ts');
const run = () => import('./run.ts');
const sourcesCli = () => import('./sources.ts');
const start = () => import('./start.ts');
const tipline = () => import('./tipline.ts');
const train = () => import('./train.ts');
const users = () => import('./users.ts');
const worker = () => import('./worker.ts');

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
    .action(async (o) => (await start()).startCommand(cliContext(), o));

  program
    .command('worker')
    .description('work queued jobs (PostgreSQL mode); run on as many machines as needed')
    .option('--concurrency <n>', 'jobs at once in this process (default 2)', int)
    .option('--schedule', 'also run the cron (normally `saring start` does)')
    .option('--grace <seconds>', 'on SIGINT/SIGTERM, seconds running jobs may take to finish before they are cancelled (default 10)', int)
    .option(...pipelineOpt)
    .action(async (o) => (await worker()).workerCommand(cliContext(), o));

  const jobs = program
    .command('jobs')
    .description('the job queue (PostgreSQL mode)')
    .action(async () => (await worker()).jobsStatusCommand(cliContext()));
  jobs
    .command('failed')
    .description('jobs that used up their attempts, with their last error')
    .option('--json', 'one JSON object per line')
    .option('--limit <n>', 'how many (default 100)', int)
    .action(async (o) => (await worker()).jobsFailedCommand(cliContext(), o));
  jobs
    .command('retry')
    .description('run failed jobs again')
    .argument('<ids...>', 'job ids (see: saring jobs failed)')
    .action(async (ids: string[]) => {
      process.exitCode = await (await worker()).jobsRetryCommand(cliContext(), ids.map(int));
    });

  program
    .command('run')
    .description('run sources now')
    .argument('[sources...]', 'source ids (see: saring sources list)')
    .option('--all', 'every enabled source of the pipeline')
    .option('--once', 'exit after this run instead of continuing on the schedule')
    .option(...pipelineOpt)
    .action(async (ids: string[], o) => {
      process.exitCode = await (await run()).runCommand(cliContext(), ids, o);
    });

  const sources = program.command('sources').description('sources of the pipeline');
  sources
    .command('list')
    .option(...pipelineOpt)
    .option('--json', 'machine-readable output')
    .action(async (o) => (await sourcesCli()).sourcesListCommand(cliContext(), o));
  sources
    .command('health')
    .description('each source by health, worst first: failing, silent against its own rate, degraded, new, ok')
    .option(...pipelineOpt)
    .option('--json', 'machine-readable output')
    .action(async (o) => (await sourcesCli()).sourcesHealthCommand(cliContext(), o));

  program
    .command('alerts')
    .description('alert rules of the pipeline')
    .command('check')
    .description('evaluate the alert rules now and deliver what is due (saring start does this every minute)')
    .option(...pipelineOpt)
    .action(async (o) => (await alerts()).alertsCheckCommand(cliContext(), o));

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => (await items()).migrateCommand(cliContext()));

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
      process.exitCode = await (await manual()).tipAddCommand(cliContext(), o);
    });

  program
    .command('import')
    .description('import posts from a JSONL or CSV export, or a WhatsApp chat export (.txt or .zip)')
    .argument('<file>')
    .option('--format <jsonl|csv|whatsapp>', 'default: from the file extension (.txt and .zip: whatsapp)')
    .option(...pipelineOpt)
    .action(async (file: string, o) => {
      process.exitCode = await (await manual()).importCommand(cliContext(), file, o);
    });

  program
    .command('tipline')
    .description(
      'the Telegram tipline bot: files what people send it as tips and answers with a receipt (token: $SARING_TELEGRAM_BOT_TOKEN); runs until SIGINT/SIGTERM',
    )
    .option('--once', 'exit after the first batch of messages')
    .option(...pipelineOpt)
    .action(async (o) => {
      process.exitCode = await (await tipline()).tiplineCommand(cliContext(), o);
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
    .action(async (q: string, o) => (await items()).itemsSearchCommand(cliContext(), q, o));

  program
    .command('classify')
    .description('classify a JSONL file of {"id","text","title"?} lines; no database, no network')
    .requiredOption('--in <file>', 'input JSONL')
    .option('--out <file>', 'output JSONL (default: stdout)')
    .option('--claims <file>', 'JSONL of debunked claims {"url","title","text"} to match against')
    .option(...pipelineOpt)
    .action(async (o) => {
      process.exitCode = await (await classifyCli()).classifyFileCommand(cliContext(), o);
    });

  program
    .command('reclassify')
    .description('classify every stored item again with the current model (after npm run train)')
    .option('--pending', 'only items the current model has not classified yet')
    .option(...pipelineOpt)
    .action(async (o) => (await classifyCli()).reclassifyCommand(cliContext(), o));

  program
    .command('train')
    .description("train a candidate model on the shipped data plus this desk's labels and judge it against the active one (promote on the Model page)")
    .option('--no-shipped-eval', "judge on the desk's held-out labels only (skips scripts/eval-candidate.ts)")
    .option(...pipelineOpt)
    .action(async (o) => {
      process.exitCode = await (await train()).trainCommand(cliContext(), o);
    });
  program
    .command('models')
    .description('model versions trained from the desk, newest first')
    .option('--json', 'one JSON object per line')
    .action(async (o) => (await train()).modelsListCommand(cliContext(), o));

  program
    .command('report')
    .description('reports for leadership')
    .command('weekly')
    .description("the Kapolres's weekly report, Monday to Sunday (default: the last complete week that has items)")
    .option('--week <YYYY-Www|YYYY-MM-DD>', 'ISO week, e.g. 2026-W47, or any date in the week')
    .option('--date <YYYY-MM-DD>', 'any date in the week, e.g. 2026-11-18')
    .option('--format <html|pdf|both>', 'default: both')
    .option('--out <dir>', 'where to write the files (default: <data dir>/reports)')
    .option(...pipelineOpt)
    .action(async (o) => (await report()).reportWeeklyCommand(cliContext(), o));

  program
    .command('audit')
    .description('the audit log')
    .command('verify')
    .description("check the audit log's hash chain: exit 1 naming the first row changed or removed")
    .action(async () => {
      process.exitCode = await (await audit()).auditVerifyCommand(cliContext());
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
      process.exitCode = await (await users()).userAddCommand(cliContext(), username, o);
    });
  user
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (o) => (await users()).userListCommand(cliContext(), o));

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
