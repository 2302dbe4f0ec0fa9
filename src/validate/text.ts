// Every string a data file holds (values and keys) must be one the outputs can show as written: no
// control characters, non-characters or unpaired surrogates (see src/load/text.ts), and no key that
// JavaScript reserves ("__proto__" is dropped or misread by every object that holds it).
import { UNSAFE_TEXT_HINT, unsafeCharacter, unsafeCharacterMessage } from '../load/text.ts';
import type { SourceFile } from '../types.ts';
import type { Problems } from './problems.ts';

const SAY = {
  reserved: (key: string) => `"${key}" cannot be used as a name`,
  reservedHint: 'JavaScript reserves this name; choose another id or field name',
  longWord: (word: string) => `the word "${word.slice(0, 24)}…" (${word.length} characters) cannot be broken across lines and will overflow its box`,
  longWordHint: 'break it up, or shorten it; a link belongs in url:',
};

/** Longer runs of letters and digits than this cannot be broken, so they overflow a tile or a title. */
const LONGEST_WORD = 40;
/** Fields that are never laid out as text a reader sees. */
const NOT_SHOWN = new Set(['url', 'files', 'source', 'sources', 'whole', 'op', 'of', 'share', 'start', 'end', 'rate', 'figures', 'headlines']);

/**
 * Reports each unshowable string and reserved key in the files, except under the top-level keys
 * skipped; warns of words too long to lay out (Latin letters and digits: CJK text breaks anywhere).
 */
export function checkText(files: SourceFile[], problems: Problems, skip: ReadonlySet<string>, warnings: Problems): void {
  const walk = (file: SourceFile, value: unknown, path: (string | number)[]) => {
    if (typeof value === 'string') {
      const found = unsafeCharacter(value);
      if (found) problems.at(file, path, unsafeCharacterMessage(found), UNSAFE_TEXT_HINT);
      const field = [...path].reverse().find((p) => typeof p === 'string');
      const long = typeof field === 'string' && !NOT_SHOWN.has(field) ? new RegExp(`[\\p{Script=Latin}\\p{Nd}]{${LONGEST_WORD + 1},}`, 'u').exec(value) : null;
      if (long) warnings.at(file, path, SAY.longWord(long[0]), SAY.longWordHint);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(file, item, [...path, i]));
    } else if (value && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        if (path.length === 0 && skip.has(key)) continue;
        const found = unsafeCharacter(key);
        if (found) problems.at(file, [...path, key], `the name ${unsafeCharacterMessage(found)}`, UNSAFE_TEXT_HINT, 'key');
        else if (key === '__proto__') problems.at(file, [...path, key], SAY.reserved(key), SAY.reservedHint, 'key');
        else walk(file, (value as Record<string, unknown>)[key], [...path, key]);
      }
    }
  };
  for (const file of files) walk(file, file.value, []);
}
