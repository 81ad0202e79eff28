// Scenario scripts for `jailhouse-ts boot --script FILE`: one command a line.
//
//   jailhouse cell create configs/demos/bananapi-led-blink.cell   a jailhouse command
//   sleep 100ms                                                   let virtual time pass
//   expect led-blink "on  at"                                     wait until a console shows text
//   # comment
//
// Durations are virtual time: ns, us, ms, s (decimals allowed).

export class ScriptError extends Error {
  constructor(readonly file: string, readonly line: number, message: string) {
    super(`${file}:${line}: ${message}`);
  }
}

export type ScriptStep =
  | { kind: 'jailhouse'; line: number; args: string[] }
  | { kind: 'sleep'; line: number; ns: number }
  | { kind: 'expect'; line: number; console: string; text: string; timeoutNs: number };

/** Default time an `expect` waits (virtual) before failing. */
export const EXPECT_TIMEOUT_NS = 5_000_000_000;

const UNITS: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 };

/** Parses `100ms`, `1.5s`, `250us` into nanoseconds; undefined when malformed. */
export function parseDuration(s: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(ns|us|ms|s)$/.exec(s.trim());
  if (!m) return undefined;
  const ns = Math.round(Number(m[1]) * UNITS[m[2]]);
  return Number.isSafeInteger(ns) ? ns : undefined;
}

/** Splits a command line into words; double quotes group words and allow \" and \\ inside. */
export function splitWords(line: string): string[] | string {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    let w = '';
    let quoted = false;
    while (i < line.length && (quoted || !/\s/.test(line[i]))) {
      const c = line[i++];
      if (c === '"') { quoted = !quoted; continue; }
      if (quoted && c === '\\' && i < line.length) { w += line[i++]; continue; }
      w += c;
    }
    if (quoted) return 'unterminated quote';
    words.push(w);
  }
  return words;
}

export function parseScript(text: string, file: string): ScriptStep[] {
  const steps: ScriptStep[] = [];
  text.split(/\r?\n/).forEach((raw, idx) => {
    const line = idx + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const words = splitWords(trimmed);
    if (typeof words === 'string') throw new ScriptError(file, line, words);
    const [cmd, ...args] = words;
    switch (cmd) {
      case 'jailhouse':
        if (args.length === 0) throw new ScriptError(file, line, "'jailhouse' needs a command (e.g. 'jailhouse cell list')");
        steps.push({ kind: 'jailhouse', line, args });
        return;
      case 'sleep': {
        const ns = args.length === 1 ? parseDuration(args[0]) : undefined;
        if (ns === undefined) throw new ScriptError(file, line, `'sleep' expects one duration like 100ms or 2s, got '${args.join(' ')}'`);
        steps.push({ kind: 'sleep', line, ns });
        return;
      }
      case 'expect': {
        let timeoutNs = EXPECT_TIMEOUT_NS;
        const rest = [...args];
        const t = rest.indexOf('--timeout');
        if (t >= 0) {
          const ns = parseDuration(rest[t + 1] ?? '');
          if (ns === undefined) throw new ScriptError(file, line, `'expect --timeout' expects a duration, got '${rest[t + 1] ?? ''}'`);
          timeoutNs = ns;
          rest.splice(t, 2);
        }
        if (rest.length !== 2) throw new ScriptError(file, line, `'expect' takes a console name and a quoted text: expect CONSOLE "text"`);
        steps.push({ kind: 'expect', line, console: rest[0], text: rest[1], timeoutNs });
        return;
      }
      default:
        throw new ScriptError(file, line, `unknown command '${cmd}' (expected jailhouse, sleep or expect)`);
    }
  });
  return steps;
}
