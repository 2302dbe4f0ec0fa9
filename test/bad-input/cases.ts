// The bad inputs, one row each: how the shipped project is spoiled, and what the user must then be told.
// Each is the kind of mistake a user makes (not a copy of one example): the suite runs them all.
import type { BadInput } from './case.ts';
import { DATA_CASES } from './cases-data.ts';
import { FILE_CASES } from './cases-files.ts';
import { TEMPLATE_CASES } from './cases-templates.ts';

export type { BadInput };
export const CASES: BadInput[] = [...FILE_CASES, ...DATA_CASES, ...TEMPLATE_CASES];
