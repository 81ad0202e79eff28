#!/usr/bin/env node
// jailhouse-ts command line: dispatches to the sub-commands.

import { runCommand } from './run.js';
import { bootCommand } from './boot.js';
import { demoCommand } from './demo.js';
import { jailhouseClient } from './jailhouse-client.js';
import { configCommand } from '../config/index.js';

const USAGE = `usage: jailhouse-ts <command> [options]

commands:
  demo    the Banana Pi partitioned: root cell, LED-blink cell, timer-latency cell
          jailhouse-ts demo [--for 3s]
  run     run a bare-metal image on an emulated board
          jailhouse-ts run --board qemu-arm|bananapi [--cpus N] [--semihosting] [--max-insns N] [--load-addr ADDR] IMAGE
  boot    boot a board with a root-cell program and take jailhouse commands
          jailhouse-ts boot --board bananapi --root ROOT.elf [--script FILE] [--listen PATH] [--for 5s]
  jailhouse
          the jailhouse tool, talking to a running boot monitor
          jailhouse-ts jailhouse --connect PATH cell list
  config  build, check, dump .cell configs
          jailhouse-ts config build configs/bananapi.yaml -o bananapi.cell

'jailhouse-ts <command> --help' shows a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'run': return runCommand(rest);
    case 'boot': return bootCommand(rest);
    case 'demo': return demoCommand(rest);
    case 'jailhouse': return jailhouseClient(rest);
    case 'config': return configCommand(rest);
    case undefined: case '-h': case '--help': case 'help':
      process.stdout.write(USAGE + '\n');
      return cmd === undefined ? 2 : 0;
    default:
      process.stderr.write(`jailhouse-ts: unknown command '${cmd}'\n${USAGE}\n`);
      return 2;
  }
}

// A reader that went away (`| head`) ends the command quietly, as for other Unix tools.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
