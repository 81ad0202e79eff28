// Every problem with a config file is reported as a ConfigError naming the
// file, where in it (byte offset for .cell files, line and key path for YAML
// and JSON sources), the field and what was expected, so that a person can
// fix the file without a stack trace.

export interface ConfigErrorInit {
  file: string;
  /** Byte offset in a binary .cell file. */
  offset?: number;
  /** 1-based line in a YAML/JSON source. */
  line?: number;
  /** Jailhouse's field name (binary) or the key path (source), e.g. "root_cell.memory_regions[3].flags". */
  field: string;
  expected: string;
  got?: string;
}

export class ConfigError extends Error {
  readonly file: string;
  readonly offset: number | undefined;
  readonly line: number | undefined;
  readonly field: string;
  readonly expected: string;
  readonly got: string | undefined;

  constructor(init: ConfigErrorInit) {
    super(formatConfigError(init));
    this.name = 'ConfigError';
    this.file = init.file;
    this.offset = init.offset;
    this.line = init.line;
    this.field = init.field;
    this.expected = init.expected;
    this.got = init.got;
  }
}

export function hex(n: number): string {
  return '0x' + n.toString(16);
}

function formatConfigError(e: ConfigErrorInit): string {
  let where = e.file;
  if (e.line !== undefined) where += `:${e.line}`;
  where += ': ';
  if (e.offset !== undefined) where += `offset ${hex(e.offset)} (${e.field})`;
  else where += e.field;
  return `${where}: expected ${e.expected}` + (e.got !== undefined ? `, got ${e.got}` : '');
}
