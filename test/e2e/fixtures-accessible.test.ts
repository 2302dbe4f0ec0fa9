// Every fixture project under test/fixtures, built by the CLI as a user builds it: its report meets
// PDF/UA-1 (and says so), its deck what PowerPoint's Accessibility Checker asks. New fixtures are
// picked up by their folder: a project with data/ and templates/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessibilityProblems, openDeck } from '../emit/pptx/deck-helpers.ts';
import { pdfUaProblems } from '../helpers/pdf-ua.ts';
import { ROOT, briefsmith, tempDir } from '../helpers/run.ts';

const FIXTURES = path.join(ROOT, 'test/fixtures');
const projects = readdirSync(FIXTURES).filter((n) => existsSync(path.join(FIXTURES, n, 'data')) && existsSync(path.join(FIXTURES, n, 'templates')));

describe.each(projects)('fixture %s, built', (name) => {
  it('has a PDF/UA-1 report and an accessible deck', async () => {
    const out = tempDir(`bs-a11y-${name}-`);
    const fixture = path.join(FIXTURES, name);
    const run = await briefsmith(['build', '--data', path.join(fixture, 'data'), '--templates', path.join(fixture, 'templates'), '--out', out]);
    // A fixture that is meant to be refused (bad input) has nothing to check.
    if (run.status === 2) return;
    expect(run.status, run.stderr).toBe(0);
    const { problems, declared } = pdfUaProblems(path.join(out, 'report.pdf'));
    expect(problems).toEqual([]);
    expect(declared).toBe(true);
    expect(await accessibilityProblems(await openDeck(readFileSync(path.join(out, 'briefing.pptx'))))).toEqual([]);
  });
});
