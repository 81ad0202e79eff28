// `jailhouse-ts jailhouse …`: the jailhouse command from another terminal.
// With --connect PATH it sends the command to a running `boot --listen PATH`
// monitor; without, only the commands that need no running system work
// (config check, --help).

import { connect } from 'node:net';
import { JAILHOUSE_USAGE } from './jailhouse.js';
import { configCommand } from '../config/index.js';
import type { Printer } from './boot.js';

const stdio: Printer = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

export async function jailhouseClient(args: string[], p: Printer = stdio): Promise<number> {
  let path: string | undefined;
  if (args[0] === '--connect') { path = args[1]; args = args.slice(2); }
  if (path === undefined) {
    if (args[0] === 'config' && args[1] === 'check') return configCheck(args.slice(2), p);
    if (args.length === 0 || args[0] === '--help' || args[0] === '-h') { p.out(JAILHOUSE_USAGE + '\n'); return args.length === 0 ? 2 : 0; }
    p.err('jailhouse: no running system: start one with `jailhouse-ts boot --listen PATH …` and pass --connect PATH\n');
    return 2;
  }
  return new Promise((resolve) => {
    const sock = connect(path!);
    let buf = '';
    sock.on('connect', () => sock.write(JSON.stringify({ cwd: process.cwd(), args }) + '\n'));
    sock.on('data', (d) => { buf += d.toString('utf8'); });
    sock.on('error', (e) => { p.err(`jailhouse: ${path}: ${(e as NodeJS.ErrnoException).code ?? e.message}\n`); resolve(2); });
    sock.on('end', () => {
      try {
        const r = JSON.parse(buf) as { out: string; err: string; code: number };
        p.out(r.out); p.err(r.err);
        resolve(r.code);
      } catch {
        p.err(`jailhouse: ${path}: no answer from the monitor\n`);
        resolve(2);
      }
    });
  });
}

function configCheck(files: string[], p: Printer): number {
  if (files.length === 0) { p.err('usage: jailhouse config check SYSCONFIG [CELLCONFIG ...]\n'); return 2; }
  return configCommand(['check', ...files], p);
}
