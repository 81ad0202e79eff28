#!/usr/bin/env node
// jailhouse-ts command line: dispatches to the sub-commands.

import { runCommand } from './run.js';

const USAGE = `usage: jailhouse-ts <command> [options]

commands:
  run     run a bare-metal image on an emulated board
          jailhouse-ts run --board qemu-arm [--cpus N] [--semihosting] [--max-insns N] [--load-addr ADDR] IMAGE

'jailhouse-ts <command> --help' shows a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'run': return runCommand(rest);
    case undefined: case '-h': case '--help': case 'help':
      process.stdout.write(USAGE + '\n');
      return cmd === undefined ? 2 : 0;
    default:
      process.stderr.write(`jailhouse-ts: unknown command '${cmd}'\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
