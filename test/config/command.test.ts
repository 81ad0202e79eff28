// The `config` command: build, check, dump and schema with their exit codes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configCommand, configJsonSchemaText } from '../../src/config/index.js';

const configs = fileURLToPath(new URL('../../../configs/', import.meta.url));

function run(args: string[]): { code: number; out: string; err: string } {
  let out = '', err = '';
  const code = configCommand(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

test('config build, dump and check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'config-cmd-'));
  try {
    const cell = join(dir, 'q.cell');
    const b = run(['build', join(configs, 'qemu-arm-inmate.yaml'), '-o', cell]);
    assert.deepEqual(b, { code: 0, out: `${cell}: 236 bytes\n`, err: '' });
    assert.deepEqual(readFileSync(cell), readFileSync(join(configs, 'qemu-arm-inmate.cell')));

    const d = run(['dump', cell]);
    assert.equal(d.code, 0);
    const src = join(dir, 'q.yaml');
    writeFileSync(src, d.out);
    assert.equal(run(['build', src]).code, 0, 'the dump compiles');
    assert.deepEqual(readFileSync(join(dir, 'q.cell')), readFileSync(join(configs, 'qemu-arm-inmate.cell')));

    const ok = run(['check', join(configs, 'qemu-arm.cell'), cell]);
    assert.deepEqual(ok, { code: 0, out: '2 configs: 0 error(s), 0 warning(s)\n', err: '' });

    // A second copy of the inmate under another name takes the same CPU and RAM.
    writeFileSync(src, d.out.replace('name: qemu-arm-inmate', 'name: twin'));
    const bad = run(['check', join(configs, 'qemu-arm.cell'), cell, src]);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /^error: \[overlap-between-cells\] cells "qemu-arm-inmate" and "twin": .*q\.cell memory_regions\[1\] \(phys 0x47b00000\.\.0x47bfffff\) and .*q\.yaml memory_regions\[1\]/m);
    assert.match(bad.out, /^error: \[cpu-shared\] CPU 1 is in the cpu_set of both/m);
    assert.match(bad.out, /3 configs: 2 error\(s\), 0 warning\(s\)\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('config errors: one line naming the file, exit code 2', () => {
  const missing = run(['build', '/nonexistent/x.yaml']);
  assert.deepEqual(missing, { code: 2, out: '', err: '/nonexistent/x.yaml: file: expected a readable file, got ENOENT\n' });
  const wrongKind = run(['check', join(configs, 'qemu-arm-inmate.cell')]);
  assert.equal(wrongKind.code, 2);
  assert.match(wrongKind.err, /qemu-arm-inmate\.cell: offset 0x0 \(signature\): expected a system config \(JHSYST\) first, got a cell config\n/);
  assert.equal(run(['frob']).code, 2);
  assert.match(run(['frob']).err, /unknown sub-command 'frob'/);
  assert.match(run(['build']).err, /bad arguments for 'build'/);
  assert.equal(run(['schema']).out, configJsonSchemaText());
});
