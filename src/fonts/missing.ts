// Text no installed font can draw is refused at build time, where it was written: each character's
// first place in the data files or the templates (file:line:column), and which script it is in.
import { ValidationError, type Problem } from '../errors.ts';
import { listFiles, readInputFiles, type InputFile } from '../load/files.ts';

/** What the user reads; kept together for the message catalogue of a later language. */
const SAY = {
  message: (char: string, script: string) => `no installed font can draw "${char}" (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}, ${script.replace(/_/g, ' ')} script): it would be missing from the deck and the report`,
  hint: (script: string) => (script === 'Common' || script === 'Unknown'
    ? 'remove or replace the character, or install a font that has it (fc-list ":charset=XXXX" shows which do)'
    : `install a font for the ${script.replace(/_/g, ' ')} script (on Debian, fonts-noto-core and fonts-noto-extra have Noto Sans for most scripts), or remove the text`),
};

/**
 * The error for characters no font draws. `data` are the data files as read; the templates are read
 * again here (this is the failing path, not the build's).
 */
export function missingGlyphsError(missing: { char: string; script: string }[], data: InputFile[], templatesDir: string): ValidationError {
  let templates: InputFile[] = [];
  try {
    templates = readInputFiles(listFiles(templatesDir, ['.hbs'], { recursive: true }).files);
  } catch {
    templates = [];
  }
  const files = [...data, ...templates];
  const problems: Problem[] = missing.map(({ char, script }) => {
    const where = firstPlace(char, files);
    return { message: SAY.message(char, script), hint: SAY.hint(script), ...where };
  });
  return new ValidationError(problems);
}

/** Where a character first stands in the files (1-based line and column), or the templates folder if nowhere. */
function firstPlace(char: string, files: InputFile[]): Omit<Problem, 'message'> {
  for (const f of files) {
    const at = f.text.indexOf(char);
    if (at < 0) continue;
    const before = f.text.slice(0, at);
    const line = before.split('\n').length;
    const column = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1;
    return { file: f.path, line, column };
  }
  return {};
}
