/**
 * Template and theme names come from content and become paths under `templates/`. A name
 * that is not plain (`../../evil`) is refused with a located error before any file is
 * read: by the schema for a brief, and by the session and the planner for any caller.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { planBuild } from '../../src/pipeline/plan.js';
import { createSession } from '../../src/pipeline/session.js';
import { BRIEF, makeProject, parseDiagnostics, runCli } from './project.js';
import { diagnosticsOf } from '../helpers/diagnostics.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project with a good theme and a good template outside `templates/`, where `../..` leads. */
function projectWithLookalikes(): string {
  const root = makeProject('brief-names-');
  made.push(root);
  fs.copyFileSync(path.join(root, 'templates/themes/eu.yaml'), path.join(root, 'evil.yaml'));
  fs.cpSync(path.join(root, 'templates/factsheet'), path.join(root, 'evil'), { recursive: true });
  return root;
}

function setBriefLine(root: string, find: string, replace: string): void {
  const file = path.join(root, BRIEF, 'brief.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(find, replace));
}


describe('template and theme names', () => {
  test('the session refuses a theme name that leaves templates/themes/', () => {
    const session = createSession(projectWithLookalikes());
    const [d] = diagnosticsOf(() => session.theme('../../evil'));
    expect(d).toMatchObject({ rule: 'bad-name', message: 'theme name "../../evil" may use only lowercase letters, digits and dashes' });
  });

  test('the session refuses a template name that leaves templates/', () => {
    const session = createSession(projectWithLookalikes());
    const [d] = diagnosticsOf(() => session.template('../evil'));
    expect(d).toMatchObject({ rule: 'bad-name', message: 'template name "../evil" may use only lowercase letters, digits and dashes' });
  });

  test('the planner hashes no file named by a bad theme or template', () => {
    const root = projectWithLookalikes();
    setBriefLine(root, 'theme: eu', 'theme: ../../evil');
    setBriefLine(root, 'template: factsheet', 'template: ../evil');
    const plan = planBuild([path.join(root, BRIEF)], createSession(root), 'test');
    expect(plan.targets).toHaveLength(1);
    expect(Object.keys(plan.targets[0]!.inputs ?? {}).filter((f) => f.startsWith('evil'))).toEqual([]);
  });

  test('a build points a bad name at its line in brief.yaml', async () => {
    const root = projectWithLookalikes();
    setBriefLine(root, 'theme: eu', 'theme: ../../evil');
    const result = await runCli(['build'], root);
    expect(result.stderr).not.toContain('this is a bug');
    expect(result.code).toBe(1);
    const [d] = parseDiagnostics(result.stderr);
    expect(d).toMatchObject({ file: `${BRIEF}/brief.yaml`, line: 3, column: 8 });
    expect(d!.message).toContain('lowercase letters, digits and dashes');
  });
});
