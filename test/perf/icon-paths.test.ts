import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'brief-icons-'));
/** The icon module as a new process has it: nothing read yet. */
async function freshIcons(dir: string | undefined) {
  vi.resetModules();
  const mdi = await import('../../src/icons/mdi.js');
  mdi.keepIconPathsIn(dir);
  return mdi.materialDesignIcons();
}

describe('kept icon paths', () => {
  it('keeps the paths of the icons used, and takes them from the cache folder next time', async () => {
    const dir = tempDir();
    const first = await freshIcons(dir);
    const robot = first.path('robot-industrial');
    expect(robot).toMatch(/^M/);
    const [file] = fs.readdirSync(dir);
    expect(file).toMatch(/^icons-[0-9a-f]{16}\.json$/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, file!), 'utf8'))).toEqual({ mdiRobotIndustrial: robot });

    // what the file says is what a new process draws: it did not read the package for it
    fs.writeFileSync(path.join(dir, file!), JSON.stringify({ mdiRobotIndustrial: 'M0,0H1Z' }));
    const second = await freshIcons(dir);
    expect(second.path('robot-industrial')).toBe('M0,0H1Z');
    expect(second.path('no-such-icon-anywhere')).toBeUndefined();
    expect(second.suggest('robot-industrail')).toBe('robot-industrial');
  });

  it('reads the package again when the kept file is damaged, or when nothing is kept', async () => {
    const dir = tempDir();
    const expected = (await freshIcons(undefined)).path('factory');
    expect(fs.readdirSync(dir)).toEqual([]);
    const icons = await freshIcons(dir);
    expect(icons.path('factory')).toBe(expected);
    const [kept] = fs.readdirSync(dir);
    fs.writeFileSync(path.join(dir, kept!), '{"mdiFactory": 12, "mdiRobot');
    expect((await freshIcons(dir)).path('factory')).toBe(expected);
  });
});
