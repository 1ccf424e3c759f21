#!/usr/bin/env node
/**
 * `amq-auth`: generate, explain, check, merge-reports, lint, diff, iam, upgrade-preview, fetch. Every user-facing failure is a HarnessError printed without a
 * stack trace and mapped to the exit codes of README "Exit codes".
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { EXIT, HarnessError, UsageError, formatLocation, type ExitCode } from './core/errors';
import type { Diagnostic } from './core/types';
import { OPERATIONS } from './core/types';
import { explainCase, formatDecision } from './commands/explain';
import { generateBrokerXml } from './commands/generate';
import { loadInput } from './input/load-input';
import {
  DEFAULT_FAIL_ON,
  exitCodeFor,
  FAIL_ON_CHOICES,
  parseFailOn,
  parseProtocols,
  runCheck,
  type FailOn,
} from './commands/check';
import type { RunResult } from './check/run-result';
import { parseShard } from './check/shard';
import { mergeShards, shardFilesIn, shardFileName, shardFileChunks } from './check/merge-shards';
import { RUNTIME_CHOICES } from './broker/select-runtime';
import { distributionProgress } from './commands/download-progress';
import { upgradeExitCode, upgradePreview } from './upgrade/upgrade-preview';
import { formatUpgradePreview, type UpgradeFormat } from './upgrade/format-upgrade';
import { AMAZON_MQ_PATCH } from './broker/distribution/broker-version';
import { ensureDistribution } from './broker/distribution/ensure-distribution';
import { renderConsole } from './report/console';
import { reportDirectory, writeReports, writeWhole } from './report/write-reports';
import { formatFindings, lintExitCode, lintInput } from './lint';
import { diffInputs, formatDiff } from './diff';
import { generateForAmazonMq } from './amazon-mq';
import { applyBaseline, checkBaselineOptions, describeBaselineResult, readBaselineFile } from './baseline';
import {
  DEFAULT_TASKS,
  formatIamReview,
  iamExitCode,
  parseTasks,
  reviewIamPolicies,
  TASK_NAMES,
} from './iam';

/** Writes a shard's file beside its reports, whole or not at all. */
async function writeShardFile(result: RunResult, dir: string): Promise<string> {
  await reportDirectory(dir);
  const file = join(dir, shardFileName(result.shard!));
  await writeWhole(file, shardFileChunks(result), 'shard file');
  return file;
}

/** The options of every command that reports a run (check, merge-reports), in the order help lists them. */
function withReportOptions(command: Command, baselineHelp: { baseline: string; update: string }): Command {
  return command
    .option('--report-dir <dir>', 'write results.json, junit.xml and report.html here', 'reports')
    .option(
      '--fail-on <kinds>',
      `verdict kinds that make the run fail: any of ${FAIL_ON_CHOICES.join(',')}`,
      DEFAULT_FAIL_ON.join(','),
    )
    .option('--quiet', 'print only failures and the summary')
    .option('--verbose', 'print the evidence of every case')
    .option('--baseline <file>', baselineHelp.baseline)
    .option('--update-baseline', baselineHelp.update);
}

/** What the options withReportOptions declares parse to. */
type ReportOptionValues = {
  reportDir: string;
  failOn: string;
  quiet?: boolean;
  verbose?: boolean;
  baseline?: string;
  updateBaseline?: boolean;
};

/** Those options checked before any work: a missing or broken baseline fails now, not after the broker ran. */
function reportSettings(opts: { failOn: string; baseline?: string; updateBaseline?: boolean }): {
  failOn: FailOn[];
  updateBaseline: boolean;
} {
  const failOn = parseFailOn(opts.failOn);
  const updateBaseline = Boolean(opts.updateBaseline);
  checkBaselineOptions(opts.baseline, updateBaseline);
  if (opts.baseline) readBaselineFile(opts.baseline, updateBaseline);
  return { failOn, updateBaseline };
}

/** Commander's accumulator for a repeatable option. */
function collectOption(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--properties <file>`, repeatable, on every command that reads a broker XML. */
function propertiesOption(): Option {
  return new Option(
    '--properties <file>',
    "Java .properties file the XML's ${...} placeholders resolve from (repeatable; then the environment)",
  )
    .argParser(collectOption)
    .default([]);
}

function printDiagnostics(diagnostics: readonly Diagnostic[], out: (line: string) => void): void {
  for (const d of diagnostics) {
    const where = formatLocation(d.location);
    out(
      `${d.severity}: ${where ? `${where}: ` : ''}${d.message} [${d.code}]${d.hint ? `\n  hint: ${d.hint}` : ''}`,
    );
  }
}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** What an action decided; kept per program so a caller (or a test) never inherits another run's code. */
interface RunState {
  exitCode: number;
}

export function buildProgram(io: Io, state: RunState = { exitCode: EXIT.OK }): Command {
  const program = new Command('amq-auth')
    .description(
      "Prove that an ActiveMQ broker's authentication and authorization do what you intend, over every protocol.",
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
    });

  program
    .command('lint')
    .description('static review: what Amazon MQ would do with the XML, and classic authorization mistakes')
    .argument('<input>', 'policy file, or broker XML')
    .option('--users <file>', 'users file for a broker XML without users (Amazon MQ)')
    .option('--engine <engine>', 'engine of a broker XML input, e.g. amazon-mq/5.18')
    .addOption(propertiesOption())
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'),
    )
    .addOption(
      new Option('--fail-on <severity>', 'lowest severity that fails')
        .choices(['error', 'warning'])
        .default('error'),
    )
    .action(
      (
        input: string,
        opts: {
          users?: string;
          engine?: string;
          properties: string[];
          format: 'text' | 'json' | 'sarif';
          failOn: 'error' | 'warning';
        },
      ) => {
        const result = lintInput(input, {
          usersFile: opts.users,
          engine: opts.engine,
          propertiesFiles: opts.properties,
        });
        io.out(formatFindings(result.findings, opts.format));
        state.exitCode = lintExitCode(result, opts.failOn);
      },
    );

  program
    .command('diff')
    .description('the effective permission changes between two revisions (who gains or loses what)')
    .argument('<old>', 'old policy file or broker XML')
    .argument('<new>', 'new policy file or broker XML')
    .option('--users <file>', 'users file for broker XML inputs without users')
    .option('--engine <engine>', 'engine of broker XML inputs, e.g. amazon-mq/5.18')
    .addOption(propertiesOption())
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'),
    )
    .action(
      (
        oldPath: string,
        newPath: string,
        opts: { users?: string; engine?: string; properties: string[]; format: 'text' | 'markdown' | 'json' },
      ) => {
        const changes = diffInputs(oldPath, newPath, {
          usersFile: opts.users,
          engine: opts.engine,
          propertiesFiles: opts.properties,
        });
        io.out(formatDiff(changes, opts.format));
      },
    );

  program
    .command('iam')
    .description(
      "prove with an IAM simulator that a role's identity policies let it deploy and manage Amazon MQ, and no more",
    )
    .argument('<policy...>', 'identity-based policy documents (JSON) of the role')
    .option('--tasks <list>', `comma-separated subset of ${TASK_NAMES.join(',')}`, DEFAULT_TASKS.join(','))
    .option('--account <id>', 'AWS account of the broker (default: any)')
    .option('--region <region>', 'region of the broker (default: any)')
    .option('--broker-name <name>', 'name of the broker (default: any)')
    .option('--broker-id <id>', 'ID of an existing broker (default: any)')
    .option('--configuration-id <id>', 'ID of an existing configuration (default: any)')
    .option('--boundary <file>', "the role's permission boundary (JSON)")
    .option(
      '--no-managed-comparison',
      'skip the comparison with AmazonMQFullAccess and AmazonMQReadOnlyAccess',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'),
    )
    .addOption(
      new Option('--fail-on <severity>', 'lowest finding severity that fails')
        .choices(['error', 'warning'])
        .default('error'),
    )
    .action(
      async (
        policies: string[],
        opts: {
          tasks: string;
          account?: string;
          region?: string;
          brokerName?: string;
          brokerId?: string;
          configurationId?: string;
          boundary?: string;
          managedComparison: boolean;
          format: 'text' | 'json' | 'sarif';
          failOn: 'error' | 'warning';
        },
      ) => {
        const review = await reviewIamPolicies({
          policyFiles: policies,
          tasks: parseTasks(opts.tasks),
          account: opts.account,
          region: opts.region,
          brokerName: opts.brokerName,
          brokerId: opts.brokerId,
          configurationId: opts.configurationId,
          boundaryFile: opts.boundary,
          compareManaged: opts.managedComparison,
        });
        io.out(formatIamReview(review, opts.format));
        state.exitCode = iamExitCode(review, opts.failOn);
      },
    );

  program
    .command('generate')
    .description(
      'render a policy into a complete broker activemq.xml (users, authorization map, TLS connectors)',
    )
    .argument('<policy>', 'policy file (YAML or JSON)')
    .option('-o, --output <file>', 'write the XML to this file instead of standard output')
    .option('--with-passwords', 'write real passwords instead of ${AMQ_PASSWORD_<USER>} placeholders')
    .option(
      '--amazon-mq',
      'write only what Amazon MQ accepts: configuration.xml, users.json (its API) and cloudformation-users.yaml, into the -o folder',
    )
    .action((policyPath: string, opts: { output?: string; withPasswords?: boolean; amazonMq?: boolean }) => {
      const policy = loadInput(policyPath);
      printDiagnostics(policy.diagnostics, io.err);
      if (opts.amazonMq) {
        const out = generateForAmazonMq(policy, { withPasswords: opts.withPasswords });
        if (!opts.output) {
          io.out(out.configurationXml.replace(/\n$/, ''));
          io.err(
            'users for the Amazon MQ API (add -o DIR to write users.json and cloudformation-users.yaml):',
          );
          io.err(out.usersJson.replace(/\n$/, ''));
          return;
        }
        mkdirSync(opts.output, { recursive: true });
        const files: [string, string][] = [
          ['configuration.xml', out.configurationXml],
          ['users.json', out.usersJson],
          ['cloudformation-users.yaml', out.cloudFormationUsers],
        ];
        for (const [name, text] of files) writeFileSync(join(opts.output, name), text);
        io.err(`wrote ${files.map(([name]) => join(opts.output ?? '', name)).join(', ')}`);
        return;
      }
      const xml = generateBrokerXml(policy, { withPasswords: opts.withPasswords });
      if (opts.output) {
        writeFileSync(opts.output, xml);
        io.err(`wrote ${opts.output}`);
      } else {
        io.out(xml.replace(/\n$/, ''));
      }
    });

  program
    .command('explain')
    .description('say whether a user may perform an operation on a destination, and which entries decide it')
    .argument('<input>', 'policy file, or broker XML')
    .option('--users <file>', 'users file for a broker XML without users (Amazon MQ)')
    .option('--engine <engine>', 'engine of a broker XML input, e.g. amazon-mq/5.18 or activemq/5.17.2')
    .addOption(propertiesOption())
    .requiredOption('--user <name>', 'username (or `anonymous`)')
    .option('--destination <dest>', 'queue://NAME or topic://NAME (not needed for connect and request-reply)')
    .addOption(new Option('--operation <op>', 'operation').choices([...OPERATIONS]).makeOptionMandatory())
    .option(
      '--protocol <protocol>',
      "the client's protocol (openwire: a default JMS connection, which reads the temp-destination advisories)",
    )
    .addOption(new Option('--client <client>', 'how the client connects').choices(['default', 'minimal']))
    .option('--cold', 'as on a broker where nothing touched the advisory topics yet (after a restart)')
    .option('--broker-version <version>', "the exact release whose rules apply (default: the engine's)")
    .option(
      '--receive-from <dest>',
      'wildcard-consume: a name the wildcard matches; the broker withholds its messages unless the user may read it too',
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(
      (
        input: string,
        opts: {
          users?: string;
          engine?: string;
          properties: string[];
          user: string;
          destination?: string;
          operation: string;
          protocol?: string;
          client?: string;
          cold?: boolean;
          brokerVersion?: string;
          receiveFrom?: string;
          format: string;
        },
      ) => {
        const policy = loadInput(input, {
          usersFile: opts.users,
          engine: opts.engine,
          propertiesFiles: opts.properties,
        });
        printDiagnostics(
          policy.diagnostics.filter((d) => d.severity !== 'info'),
          io.err,
        );
        const decision = explainCase(policy, opts);
        io.out(opts.format === 'json' ? JSON.stringify(decision, null, 2) : formatDecision(decision));
      },
    );

  const check = program
    .command('check')
    .description(
      'start a real broker with the config, connect and produce/consume as every user over every protocol, and compare',
    )
    .argument('<input>', 'policy file, or broker XML (with --users)')
    .option('--users <file>', 'users file for a broker XML without users (Amazon MQ)')
    .option('--engine <engine>', 'engine of a broker XML input, e.g. amazon-mq/5.18')
    .addOption(propertiesOption())
    .option(
      '--broker-version <version>',
      'run this exact ActiveMQ release instead of the one the engine names, e.g. 5.19.1',
    )
    .addOption(
      new Option('--runtime <runtime>', 'where the broker runs')
        .choices([...RUNTIME_CHOICES])
        .default('auto'),
    )
    .option(
      '--protocols <list>',
      'comma-separated subset of openwire,amqp,stomp,stomp-wss,mqtt,mqtt-wss (default: all)',
    );
  withReportOptions(check, {
    baseline: 'compare the observed permission matrix with this file; any change fails the run',
    update: 'write what this run observed into the --baseline file (creating it)',
  })
    .option(
      '--exhaustive',
      'probe every user on every destination, instead of one representative per equivalence class',
    )
    .option(
      '--shard <i/n>',
      'probe only the i-th of n slices of the plan on its own broker; merge-reports joins the slices',
    )
    .option(
      '--run-id <id>',
      'the run id probe names derive from (default: random; derived from the input with --shard)',
    )
    .action(
      async (
        input: string,
        opts: {
          exhaustive?: boolean;
          shard?: string;
          runId?: string;
          target?: string;
          users?: string;
          engine?: string;
          properties: string[];
          brokerVersion?: string;
          runtime: string;
          protocols?: string;
        } & ReportOptionValues,
      ) => {
        const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
        if (opts.runId !== undefined && !/^[a-z0-9]{1,16}$/.test(opts.runId))
          throw new UsageError(`--run-id ${opts.runId}: use 1 to 16 lower-case letters and digits`);
        if (shard && opts.baseline)
          throw new UsageError(
            '--baseline compares a whole run; a shard holds only a slice of it',
            'compare the baseline in merge-reports --baseline, after the shards',
          );
        const settings = reportSettings(opts);
        const progress = process.stderr.isTTY && !opts.quiet;
        // First SIGINT/SIGTERM: stop probing, stop the broker, keep the partial report (exit 3).
        // A second one ends the process at once; the broker's watchdog still removes the broker.
        const interrupt = new AbortController();
        const onSignal = (signal: NodeJS.Signals) => {
          if (interrupt.signal.aborted) process.exit(130);
          io.err(
            `${signal}: stopping the run and the broker; the partial report is kept (again to quit at once)`,
          );
          interrupt.abort(signal);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        const onDistributionEvent = distributionProgress(
          (text) => process.stderr.write(text),
          Boolean(process.stderr.isTTY),
        );
        const result = await runCheck({
          signal: interrupt.signal,
          input,
          usersFile: opts.users,
          engine: opts.engine,
          propertiesFiles: opts.properties,
          brokerVersion: opts.brokerVersion,
          runtime: opts.runtime as (typeof RUNTIME_CHOICES)[number],
          runtimeOptions: {
            ...(opts.target ? { external: { targetFile: opts.target } } : {}),
            local: { onDistributionEvent },
            testcontainers: { onDistributionEvent },
          },
          protocols: parseProtocols(opts.protocols),
          exhaustive: opts.exhaustive === true,
          ...(shard ? { shard } : {}),
          ...(opts.runId ? { runId: opts.runId } : {}),
          log: opts.quiet ? undefined : (line) => io.err(line),
          onProgress: progress
            ? (done, total) => process.stderr.write(`\r  ${done}/${total} cases`)
            : undefined,
        }).finally(() => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        });
        if (progress) process.stderr.write('\r\x1b[K');
        if (shard) {
          const file = await writeShardFile(result, opts.reportDir);
          if (!opts.quiet) io.err(`shard file: ${file} (merge-reports joins the shards)`);
        }
        state.exitCode = await reportRun(result, { ...opts, ...settings });
      },
    );

  const merge = program
    .command('merge-reports')
    .description(
      'join the shard files of a sharded check (check --shard i/n) into the reports one unsharded run writes',
    )
    .argument('<shards...>', 'shard-<i>-of-<n>.json files, or the report directories holding them');
  withReportOptions(merge, {
    baseline: 'compare the merged permission matrix with this file; any change fails',
    update: 'write the merged matrix into the --baseline file (creating it)',
  }).action(async (paths: string[], opts: ReportOptionValues) => {
    const settings = reportSettings(opts);
    const result = mergeShards(shardFilesIn(paths));
    state.exitCode = await reportRun(result, { ...opts, ...settings });
  });

  /** What check and merge-reports print and write once a run's result is there; returns the exit code. */
  async function reportRun(
    result: RunResult,
    opts: {
      reportDir: string;
      quiet?: boolean;
      verbose?: boolean;
      baseline?: string;
      updateBaseline: boolean;
      failOn: FailOn[];
    },
  ): Promise<ExitCode> {
    io.out(
      renderConsole(result, {
        color: Boolean(process.stdout.isTTY),
        verbosity: opts.quiet ? 'quiet' : opts.verbose ? 'verbose' : 'normal',
      }),
    );
    const files = await writeReports(result, opts.reportDir, ['json', 'junit', 'html']);
    if (!opts.quiet) io.err(`reports: ${files.join(', ')}`);
    let exitCode = exitCodeFor(result, opts.failOn);
    if (opts.baseline) {
      const baseline = applyBaseline(result, opts.baseline, opts.updateBaseline);
      io.out(describeBaselineResult(baseline, opts.baseline));
      if (baseline.changed && !opts.updateBaseline && exitCode === EXIT.OK) exitCode = EXIT.FAILED;
    }
    return exitCode;
  }

  program
    .command('upgrade-preview')
    .description(
      'what changes for every client when the broker moves from one release to another: the same check on real brokers of both, and every cell whose outcome moves',
    )
    .argument('<input>', 'policy file, or broker XML (with --users)')
    .requiredOption('--from <release>', 'the release or engine running now, e.g. 5.18.7 or amazon-mq/5.18')
    .requiredOption('--to <release>', 'the release or engine to move to, e.g. 5.19.1 or amazon-mq/5.19')
    .option('--users <file>', 'users file for a broker XML without users (Amazon MQ)')
    .option('--engine <engine>', 'engine of a broker XML input, e.g. amazon-mq/5.18')
    .addOption(propertiesOption())
    .addOption(
      new Option('--runtime <runtime>', 'where the brokers run')
        .choices(RUNTIME_CHOICES.filter((r) => r !== 'external'))
        .default('auto'),
    )
    .option('--protocols <list>', 'comma-separated subset of openwire,amqp,stomp,stomp-wss,mqtt,mqtt-wss')
    .option('--report-dir <dir>', 'write upgrade-preview.json and upgrade-preview.md here')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'),
    )
    .action(
      async (
        input: string,
        opts: {
          from: string;
          to: string;
          users?: string;
          engine?: string;
          properties: string[];
          runtime: string;
          protocols?: string;
          reportDir?: string;
          format: UpgradeFormat;
        },
      ) => {
        const onDistributionEvent = distributionProgress(
          (text) => process.stderr.write(text),
          Boolean(process.stderr.isTTY),
        );
        const preview = await upgradePreview({
          input,
          from: opts.from,
          to: opts.to,
          usersFile: opts.users,
          engine: opts.engine,
          propertiesFiles: opts.properties,
          runtime: opts.runtime as (typeof RUNTIME_CHOICES)[number],
          runtimeOptions: { local: { onDistributionEvent }, testcontainers: { onDistributionEvent } },
          protocols: parseProtocols(opts.protocols),
          log: (line) => io.err(line),
        });
        io.out(formatUpgradePreview(preview, opts.format));
        if (opts.reportDir) {
          mkdirSync(opts.reportDir, { recursive: true });
          writeFileSync(
            join(opts.reportDir, 'upgrade-preview.json'),
            `${formatUpgradePreview(preview, 'json')}\n`,
          );
          writeFileSync(
            join(opts.reportDir, 'upgrade-preview.md'),
            `${formatUpgradePreview(preview, 'markdown')}\n`,
          );
        }
        state.exitCode = upgradeExitCode(preview);
      },
    );

  program
    .command('fetch')
    .description(
      'download, verify and cache ActiveMQ distributions ahead of a run (e.g. to warm a CI cache); default: the releases the engines name',
    )
    .argument('[versions...]', 'exact releases, e.g. 5.18.7 5.19.1')
    .action(async (versions: string[]) => {
      const wanted = versions.length ? versions : [...new Set(Object.values(AMAZON_MQ_PATCH))];
      const onEvent = distributionProgress(
        (text) => process.stderr.write(text),
        Boolean(process.stderr.isTTY),
      );
      for (const version of wanted) {
        const d = await ensureDistribution(version, { onEvent });
        const how =
          d.source === 'archive' ? "Apache's binary archive" : "assembled from the release's module jars";
        io.out(
          `ActiveMQ ${d.version}: ${d.cached ? 'already cached' : 'downloaded and verified'} at ${d.home} (${how})`,
        );
      }
    });

  return program;
}

export async function main(
  argv: string[],
  io = { out: (s: string) => console.log(s), err: (s: string) => console.error(s) },
): Promise<number> {
  const state: RunState = { exitCode: EXIT.OK };
  const program = buildProgram(io, state);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return state.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.OK : EXIT.INPUT;
    }
    if (err instanceof HarnessError) {
      io.err(`error: ${err.describe()}`);
      return err.exitCode;
    }
    io.err(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return EXIT.INFRA;
  }
}

if (require.main === module) {
  let finished = false;
  // A command whose work is still pending when Node runs out of things to wait for must never look like
  // success: that would be a lost operation, not a result.
  process.once('beforeExit', () => {
    if (finished) return;
    console.error('internal error: the command ended before it finished (an operation was left waiting)');
    process.exitCode = EXIT.INFRA;
  });
  main(process.argv.slice(2)).then((code) => {
    finished = true;
    process.exitCode = code;
  });
}
