import { describe, expect, it } from 'vitest';
import { isIsoDate } from '../../src/load/dataset.js';

describe('date cells', () => {
  it('take ISO 8601 calendar dates, with or without a time', () => {
    for (const ok of ['2020-03-01', '2020-02-29', '1999-12-31', '2020-03-01T14:30', '2020-03-01T14:30:15Z', '2020-03-01T14:30:15.250+02:00']) expect(isIsoDate(ok), ok).toBe(true);
  });

  it('refuse days the calendar lacks, and dates not written in full', () => {
    for (const bad of ['2020-02-30', '2021-02-29', '2020-13-01', '2020-00-10', '2020-04-31', '2020-03', '2020', '03/01/2020', '2020-3-1', '2020-03-01T25:00', '2020-03-01 14:30']) expect(isIsoDate(bad), bad).toBe(false);
  });
});
