import { parseArgs } from "node:util";
import { failLine } from "./output";
import { migrateCommand } from "./commands/migrate";
import { healthCommand } from "./commands/health";
import { workerCommand } from "./commands/worker";

const USAGE = `usage: abi <command> [options]

commands:
  migrate            apply PostgreSQL and ClickHouse migrations
  worker             run a Temporal worker (server mode)
  health [--json]    check ClickHouse, PostgreSQL, Temporal (and S3/Redis when configured)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "migrate":
      await migrateCommand();
      return 0;
    case "worker":
      await workerCommand();
      return 0;
    case "health": {
      const { values } = parseArgs({ args: rest, options: { json: { type: "boolean" } } });
      return healthCommand(values);
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return command ? 0 : 1;
    default:
      throw new Error(`unknown command "${command}"; run abi --help`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${failLine(err)}\n`);
    if (process.env.ABI_DEBUG) console.error(err);
    process.exit(1);
  },
);
