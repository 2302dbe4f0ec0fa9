// One story per language. story.hbs (with partials/*.hbs) is told in the data's own language; an
// edition in another language is told by story.<language>.hbs, whose partials are the
// partials/<name>.<language>.hbs. A story or partial an edition needs that has no version in its
// language is a problem at the line that uses it: an edition never mixes two languages' prose.
import path from 'node:path';
import { InputError, type Problem } from '../errors.ts';
import { displayPath } from '../paths.ts';
import type { Edition } from '../types.ts';
import { calledName, statements } from './locate.ts';

/** The story.hbs of a language: story.zh.hbs. */
export function storyFileOf(name: string, language: string | undefined): string {
  return language ? name.replace(/\.hbs$/, `.${language}.hbs`) : name;
}

/** The language an edition's templates are in, when it is not the data's: undefined for story.hbs. */
export function templateLanguage(edition: Edition): string | undefined {
  return edition.dataLanguage && edition.dataLanguage !== edition.language ? edition.language : undefined;
}

/** Partial file names (without .hbs) that belong to one of the edition's languages: "market.zh". */
function languageOf(name: string, languages: string[]): string | undefined {
  return languages.find((l) => name.toLowerCase().endsWith(`.${l.toLowerCase()}`));
}

/**
 * The partials an edition uses, by the name a template calls them ({{> market}}), each its file in
 * the edition's language; and the names that have a version in the data's language only.
 */
export function partialsFor(files: string[], edition: Edition): { chosen: Map<string, string>; untranslated: Map<string, string> } {
  const language = templateLanguage(edition);
  const languages = edition.languages ?? [edition.language];
  const chosen = new Map<string, string>();
  const untranslated = new Map<string, string>();
  for (const file of files) {
    const name = path.basename(file, '.hbs');
    const own = languageOf(name, languages);
    if (!own) {
      if (!language) chosen.set(name, file);
      else if (!chosen.has(name)) untranslated.set(name, file);
      continue;
    }
    if (language && own.toLowerCase() === language.toLowerCase()) {
      const base = name.slice(0, -own.length - 1);
      chosen.set(base, file);
      untranslated.delete(base);
    }
  }
  return { chosen, untranslated };
}

/** The main template of an edition in another language than the data's is its own, or an error that says so. */
export function missingStory(main: string, edition: Edition): InputError {
  const language = templateLanguage(edition)!;
  return new InputError(`no ${path.basename(main)}: the edition is built in ${language} too (edition.languages), and its story is told in ${language} in its own template`, {
    file: displayPath(main),
    hint: `write ${path.basename(main)}, the story in ${language} (a copy of ${path.basename(main).replace(/\.[^.]+\.hbs$/, ".hbs")} with its prose translated: the helpers stay), or take ${language} out of edition.languages`,
  });
}

/** Each `{{> name}}` of a template in the edition's language where only the data's language has that partial. */
export function untranslatedPartials(ast: hbs.AST.Program, file: string, untranslated: string[], language: string): Problem[] {
  if (!untranslated.length) return [];
  const problems: Problem[] = [];
  for (const node of statements(ast)) {
    if (node.type !== 'PartialStatement' && node.type !== 'PartialBlockStatement') continue;
    const name = calledName(node);
    if (name === undefined || !untranslated.includes(name)) continue;
    problems.push({
      message: `{{> ${name}}}: the partial has no ${language} version`,
      file, line: node.loc.start.line, column: node.loc.start.column + 1,
      hint: `write partials/${name}.${language}.hbs, the ${language} version of partials/${name}.hbs`,
    });
  }
  return problems;
}
