import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageVersion } from '../../src/perf/package-version.js';
import { repoRoot } from '../leaflets/project.js';

describe('package versions in cache keys', () => {
  it('are read from the installed package.json, and unknown for a package that is not there', () => {
    for (const name of ['fontkit', 'yaml']) {
      const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
      expect(packageVersion(name)).toBe(pkg.version);
    }
    expect(packageVersion('no-such-package-anywhere')).toBe('unknown');
  });
});
