// The `config` sub-command of the command line:
//   config build SOURCE.yaml|.json [-o OUT.cell]   compile a source to .cell
//   config check SYSTEM [CELL...]                   check configs (.cell or sources) together
//   config dump FILE.cell [-o OUT.yaml]             turn a .cell into an editable source
//   config schema [-o schema.json]                  print the JSON Schema of sources
// Exit codes: 0 success, 1 the checker found errors, 2 bad arguments or an
// unreadable or invalid file (one line on stderr naming file, place and field).

import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkConfigFiles, formatFinding, loadConfig } from './check.js';
import { configToSource as dumpConfigSource } from './dump.js';
import { ConfigError } from './errors.js';
import { configJsonSchemaText } from './schema.js';
import { buildConfig } from './yaml.js';

export const CONFIG_USAGE = `usage:
  jailhouse-ts config build SOURCE.yaml [-o OUT.cell]
  jailhouse-ts config check SYSTEM.cell|.yaml [CELL.cell|.yaml ...]
  jailhouse-ts config dump FILE.cell [-o OUT.yaml]
  jailhouse-ts config schema [-o schema.json]`;

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: CommandIo = {
  out: (t) => { process.stdout.write(t); },
  err: (t) => { process.stderr.write(t); },
};

function read(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new ConfigError({ file, field: 'file', expected: 'a readable file', got: (e as NodeJS.ErrnoException).code ?? String(e) });
  }
}

function write(file: string, data: Uint8Array | string): void {
  try {
    writeFileSync(file, data);
  } catch (e) {
    throw new ConfigError({ file, field: 'file', expected: 'a writable file', got: (e as NodeJS.ErrnoException).code ?? String(e) });
  }
}

/** Runs `config ARGS...`; returns the exit code. */
export function configCommand(args: string[], io: CommandIo = stdio): number {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    io.err(`jailhouse-ts config: ${(e as Error).message}\n${CONFIG_USAGE}\n`);
    return 2;
  }
  const [verb, ...files] = parsed.positionals;
  const output = parsed.values.output;
  if (parsed.values.help) { io.out(CONFIG_USAGE + '\n'); return 0; }
  try {
    switch (verb) {
      case 'build': {
        if (files.length !== 1) break;
        const src = files[0]!;
        const bytes = buildConfig(new TextDecoder().decode(read(src)), src);
        const out = output ?? src.replace(/\.(ya?ml|json)$/i, '') + '.cell';
        write(out, bytes);
        io.out(`${out}: ${bytes.length} bytes\n`);
        return 0;
      }
      case 'check': {
        if (files.length === 0) break;
        const findings = checkConfigFiles(files.map((f) => ({ file: f, bytes: read(f) })));
        for (const f of findings) io.out(formatFinding(f) + '\n');
        const errors = findings.filter((f) => f.severity === 'error').length;
        io.out(`${files.length} config${files.length > 1 ? 's' : ''}: ${errors} error(s), ${findings.length - errors} warning(s)\n`);
        return errors ? 1 : 0;
      }
      case 'dump': {
        if (files.length !== 1) break;
        const text = dumpConfigSource(loadConfig(read(files[0]!), files[0]!));
        if (output) write(output, text);
        else io.out(text);
        return 0;
      }
      case 'schema': {
        if (files.length !== 0) break;
        if (output) write(output, configJsonSchemaText());
        else io.out(configJsonSchemaText());
        return 0;
      }
    }
  } catch (e) {
    if (e instanceof ConfigError) { io.err(e.message + '\n'); return 2; }
    throw e;
  }
  const why = verb === undefined ? 'missing sub-command'
    : ['build', 'check', 'dump', 'schema'].includes(verb) ? `bad arguments for '${verb}'` : `unknown sub-command '${verb}'`;
  io.err(`jailhouse-ts config: ${why}\n${CONFIG_USAGE}\n`);
  return 2;
}
