import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findProjectRoot } from '../../src/chart/project-root.js';
import { readChartThemeFile } from '../../src/chart/theme-file.js';

export const root = findProjectRoot();
export const fixtures = path.join(root, 'test', 'chart', 'fixtures');
export const dataRoot = path.join(fixtures, 'data');
const euThemeFile = path.join(root, 'templates', 'themes', 'eu.yaml');
export const euTheme = readChartThemeFile(root, fs.readFileSync(euThemeFile, 'utf8'), 'templates/themes/eu.yaml');

export function barSpec(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(fixtures, 'bar.vl.json'), 'utf8')) as Record<string, unknown>;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'brief-chart-'));
}
