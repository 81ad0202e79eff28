import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration, parseScript, ScriptError, splitWords, EXPECT_TIMEOUT_NS } from '../../src/cli/script.js';

test('durations are virtual nanoseconds', () => {
  assert.equal(parseDuration('100ms'), 100_000_000);
  assert.equal(parseDuration('1.5s'), 1_500_000_000);
  assert.equal(parseDuration('250us'), 250_000);
  assert.equal(parseDuration('7ns'), 7);
  assert.equal(parseDuration('5'), undefined);
  assert.equal(parseDuration('ms'), undefined);
  assert.equal(parseDuration('-1s'), undefined);
});

test('words split on blanks; quotes group and escape', () => {
  assert.deepEqual(splitWords('expect root "hello  world"'), ['expect', 'root', 'hello  world']);
  assert.deepEqual(splitWords('a "b\\"c" d'), ['a', 'b"c', 'd']);
  assert.equal(splitWords('a "b'), 'unterminated quote');
});

test('a script parses into steps with their line numbers', () => {
  const steps = parseScript('# setup\njailhouse enable sys.cell\n\nsleep 10ms\nexpect led-blink "LED on" --timeout 2s\nexpect root "x"\n', 's.txt');
  assert.deepEqual(steps, [
    { kind: 'jailhouse', line: 2, args: ['enable', 'sys.cell'] },
    { kind: 'sleep', line: 4, ns: 10_000_000 },
    { kind: 'expect', line: 5, console: 'led-blink', text: 'LED on', timeoutNs: 2_000_000_000 },
    { kind: 'expect', line: 6, console: 'root', text: 'x', timeoutNs: EXPECT_TIMEOUT_NS },
  ]);
});

test('mistakes name the file and line', () => {
  assert.throws(() => parseScript('sleep 10\n', 'a.txt'), (e: unknown) => e instanceof ScriptError && e.message === "a.txt:1: 'sleep' expects one duration like 100ms or 2s, got '10'");
  assert.throws(() => parseScript('\nfrobnicate\n', 'b.txt'), /b\.txt:2: unknown command 'frobnicate'/);
  assert.throws(() => parseScript('expect root\n', 'c.txt'), /c\.txt:1: 'expect' takes a console name/);
  assert.throws(() => parseScript('jailhouse\n', 'd.txt'), /d\.txt:1: 'jailhouse' needs a command/);
});
