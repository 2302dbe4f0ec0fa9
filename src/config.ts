// The project config file, briefsmith.config.yaml: the settings a project keeps instead of typing them
// as flags. Defaults < config file < flags. Its keys are the commands' own options, camelCased
// (--page-size is pageSize), read from the commands themselves: a new option is a new key, with nothing
// to add here. Top-level keys apply to every command that takes them; a section named after a command
// (`send:`) holds settings for that command alone. Paths are relative to the config file's folder, and
// so are the default folders (data, templates, out) when a config file is in use. Secrets never go
// here: the SMTP password is read only from the environment or its own file.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command, type Option } from 'commander';
import { InputError, ValidationError, type Problem } from './errors.ts';
import { nearestName } from './nearest.ts';
import { displayPath } from './paths.ts';

export const CONFIG_FILE = 'briefsmith.config.yaml';

/**
 * Options that are one run's choice, not a project's setting: sending from a config would mail everyone
 * at every build; `publish --status` (of one --publication) looks instead of publishing.
 */
const NOT_SETTINGS = new Set(['config', 'debug', 'send', 'resend', 'status', 'publication', 'help', 'version']);
/** Commands that read no settings. */
const NO_SETTINGS = new Set(['init', 'help']);

/** The words of this module, in one place (for the message catalogue of later editions). */
const TEXT = {
  notMapping: 'the settings file must be a mapping of settings (key: value), or a command name with its own settings',
  notMappingHint: 'write one setting per line, e.g.\n  out: dist\n  pageSize: letter',
  sectionNotMapping: (name: string) => `must be a mapping of settings for \`briefsmith ${name}\``,
  sectionHint: (name: string) => `write it as\n  ${name}:\n    someSetting: value`,
  unknown: (key: string) => `unknown setting "${key}"`,
  didYouMean: (name: string) => `did you mean ${name}?`,
  camelCase: (name: string) => `settings are the flags in camelCase: write ${name}`,
  listKnown: (names: string[]) => `settings: ${names.join(', ')}; sections: one per command`,
  notForCommand: (key: string, command: string, others: string[]) => `"${key}" is not a setting of \`briefsmith ${command}\`${others.length ? ` (it is one of ${others.join(', ')})` : ''}`,
  notForCommandHint: 'move it to the top level, or to the section of a command that takes it',
  actionNotSetting: (key: string) => `"${key}" is not a setting: it is what one run does`,
  actionNotSettingHint: (flag: string) => `pass ${flag} on the command line when you mean it`,
  secret: 'holds a password: a settings file is shared with the project, and a password never goes in it',
  secretHint: 'leave the password out of the URL here, and give the whole URL on the command line when you run the command',
  noValue: 'has no value',
  noValueHint: 'give it a value, or delete the line to use the default',
  switch: (v: unknown) => `must be true or false, not ${JSON.stringify(v)}`,
  switchHint: 'write true or false (no quotes)',
  choice: (v: unknown, choices: string[]) => `${JSON.stringify(v)} is not one of ${choices.join(', ')}`,
  text: (v: unknown) => `must be text, not ${JSON.stringify(v)}`,
  list: (v: unknown) => `must be text or a list of text, not ${JSON.stringify(v)}`,
  listHint: (key: string) => `write ${key}: [a, b] or one item per line under ${key}: with "- "`,
  missingFile: (file: string) => `no settings file ${file}`,
  missingFileHint: `--config names a YAML file of settings, e.g. --config ${CONFIG_FILE}`,
} as const;

export type SettingKind = 'switch' | 'choice' | 'path' | 'paths' | 'list' | 'text';

/** One setting: a flag of one or more commands (or of the program), as a config key. */
export interface Setting {
  /** The key in the config file: the option's attribute name (pageSize, cache). */
  key: string;
  /** The flag as --help shows it: "--page-size <size>". */
  flag: string;
  description: string;
  kind: SettingKind;
  choices?: string[];
  default?: unknown;
  /** The commands that take it; empty for the program's own options (quiet, verbose). */
  commands: string[];
}

/** The options a setting stands for, by command ('' is the program). */
interface SettingOptions {
  setting: Setting;
  options: Map<string, Option>;
}

/** Every setting the program's commands take, by key, with the commands that take each. */
export function settingsOf(program: Command): Setting[] {
  return [...collectSettings(program).values()].map((s) => s.setting);
}

function collectSettings(program: Command): Map<string, SettingOptions> {
  const found = new Map<string, SettingOptions>();
  const add = (command: Command | undefined, option: Option) => {
    const key = option.attributeName();
    if (NOT_SETTINGS.has(key) || option.hidden) return;
    let entry = found.get(key);
    if (!entry) {
      entry = { setting: { key, flag: option.flags, description: option.description, kind: kindOf(option), choices: option.argChoices, default: option.negate ? true : option.defaultValue, commands: [] }, options: new Map() };
      found.set(key, entry);
    }
    if (command) entry.setting.commands.push(command.name());
    entry.options.set(command?.name() ?? '', option);
  };
  for (const option of program.options) add(undefined, option);
  for (const command of configurableCommands(program)) for (const option of command.options) add(command, option);
  return found;
}

function configurableCommands(program: Command): Command[] {
  return program.commands.filter((c) => !NO_SETTINGS.has(c.name()));
}

function kindOf(option: Option): SettingKind {
  if (!option.required && !option.optional) return 'switch';
  if (option.argChoices) return 'choice';
  if (/<(dir|file)s?(\.\.\.)?>/.test(option.flags)) return option.variadic ? 'paths' : 'path';
  return option.variadic ? 'list' : 'text';
}

/** A config file read and checked: each setting's value, ready for the option, top level and by command. */
export interface ProjectConfig {
  file: string;
  /** The folder paths in it are relative to. */
  dir: string;
  top: Map<string, unknown>;
  sections: Map<string, Map<string, unknown>>;
}

/** The config file in `from` or the nearest folder above it, if any. */
export function findConfigFile(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const file = path.join(dir, CONFIG_FILE);
    if (existsSync(file)) return file;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Reads and checks a config file against the program's settings; every problem is reported at once. */
export async function loadConfig(file: string, program: Command): Promise<ProjectConfig> {
  // The YAML reader with positions, loaded only when there is a config file to read.
  const { parseDataText, readInputFile } = await import('./load/index.ts');
  const read = readInputFile(file);
  const source = parseDataText(read.text, read.path, read.hash);
  const dir = path.dirname(path.resolve(file));
  const settings = collectSettings(program);
  const commands = new Set(configurableCommands(program).map((c) => c.name()));
  const problems: Problem[] = [];
  const at = (keyPath: (string | number)[], message: string, hint?: string) => {
    problems.push({ message, ...source.positionOf(keyPath), field: keyPath.join('.'), hint });
  };
  const config: ProjectConfig = { file: path.resolve(file), dir, top: new Map(), sections: new Map() };
  const root = source.value ?? {};
  if (!isMapping(root)) {
    at([], TEXT.notMapping, TEXT.notMappingHint);
    throw new ValidationError(problems);
  }

  const readSetting = (keyPath: string[], value: unknown, command: string | undefined, into: Map<string, unknown>) => {
    const key = keyPath[keyPath.length - 1];
    const entry = settings.get(key);
    if (!entry) {
      const hint = NOT_SETTINGS.has(key) ? undefined : unknownKeyHint(key, [...settings.keys(), ...(command ? [] : commands)]);
      if (NOT_SETTINGS.has(key)) at(keyPath, TEXT.actionNotSetting(key), TEXT.actionNotSettingHint(`--${kebab(key)}`));
      else at(keyPath, TEXT.unknown(key), hint);
      return;
    }
    if (command && !entry.options.has(command)) {
      at(keyPath, TEXT.notForCommand(key, command, entry.setting.commands), TEXT.notForCommandHint);
      return;
    }
    const option = entry.options.get(command ?? '') ?? [...entry.options.values()][0];
    const result = settingValue(entry.setting, option, value, dir);
    if ('problem' in result) at(keyPath, result.problem, result.hint);
    else into.set(key, result.value);
  };

  for (const [key, value] of Object.entries(root)) {
    if (commands.has(key) && !settings.has(key)) {
      if (value == null) continue;
      if (!isMapping(value)) {
        at([key], TEXT.sectionNotMapping(key), TEXT.sectionHint(key));
        continue;
      }
      const section = new Map<string, unknown>();
      for (const [inner, v] of Object.entries(value)) readSetting([key, inner], v, key, section);
      config.sections.set(key, section);
    } else {
      readSetting([key], value, undefined, config.top);
    }
  }
  if (problems.length) throw new ValidationError(problems);
  return config;
}

type Checked = { value: unknown } | { problem: string; hint?: string };

/** A URL with a password in it (redis://:secret@host): a settings file is shared with the project, a password is not. */
const WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]+@/i;

/** A config value as the option would hold it after parsing its flag: checked, converted, paths resolved. */
function settingValue(setting: Setting, option: Option, value: unknown, dir: string): Checked {
  if (value === null || value === undefined) return { problem: TEXT.noValue, hint: TEXT.noValueHint };
  const asText = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  let converted: unknown;
  switch (setting.kind) {
    case 'switch':
      if (typeof value !== 'boolean') return { problem: TEXT.switch(value), hint: TEXT.switchHint };
      return { value };
    case 'choice': {
      const text = asText(value);
      const choice = text === undefined ? undefined : setting.choices!.find((c) => c === text) ?? setting.choices!.find((c) => c.toLowerCase() === text.toLowerCase());
      if (choice === undefined) return { problem: TEXT.choice(value, uniqueIgnoringCase(setting.choices!)) };
      converted = choice;
      break;
    }
    case 'list':
    case 'paths': {
      const items = Array.isArray(value) ? value.map(asText) : [asText(value)];
      if (items.some((i) => i === undefined || i === '')) return { problem: TEXT.list(value), hint: TEXT.listHint(setting.key) };
      converted = setting.kind === 'paths' ? items.map((i) => path.resolve(dir, i!)) : items;
      break;
    }
    default: {
      const text = asText(value);
      if (text === undefined || text === '') return { problem: TEXT.text(value) };
      if (WITH_PASSWORD.test(text)) return { problem: TEXT.secret, hint: TEXT.secretHint };
      converted = setting.kind === 'path' ? path.resolve(dir, text) : text;
    }
  }
  if (option.parseArg && typeof converted === 'string') {
    try {
      converted = option.parseArg(converted, undefined);
    } catch (error) {
      if (error instanceof InvalidArgumentError) return { problem: error.message };
      throw error;
    }
  }
  return { value: converted };
}

/**
 * Gives `command` (and the program's own options) the config file's values for every option not given
 * on the command line. Path defaults are taken relative to the config file's folder, so a project builds
 * the same from any folder inside it.
 */
export function applyConfig(program: Command, command: Command, config: ProjectConfig): void {
  const settings = collectSettings(program);
  const section = config.sections.get(command.name());
  const fill = (target: Command, name: string) => {
    for (const option of target.options) {
      const key = option.attributeName();
      const entry = settings.get(key);
      if (!entry) continue;
      const source = target.getOptionValueSource(key);
      if (source === 'cli' || source === 'env') continue;
      const value = (name ? section?.get(key) : undefined) ?? config.top.get(key);
      if (value !== undefined) target.setOptionValueWithSource(key, value, 'config');
      else if (source === 'default' && entry.setting.kind === 'path' && typeof target.getOptionValue(key) === 'string') {
        target.setOptionValueWithSource(key, path.resolve(config.dir, target.getOptionValue(key) as string), 'default');
      }
    }
  };
  fill(program, '');
  if (!NO_SETTINGS.has(command.name())) fill(command, command.name());
}

/**
 * The settings for this run: the file named by --config, else briefsmith.config.yaml in the working
 * folder or the nearest above it; none when there is none. Called before each command's action.
 */
export async function useProjectConfig(program: Command, command: Command, cwd = process.cwd()): Promise<ProjectConfig | undefined> {
  if (NO_SETTINGS.has(command.name())) return undefined;
  const named = program.opts<{ config?: string }>().config;
  const file = named ? path.resolve(cwd, named) : findConfigFile(cwd);
  if (!file) return undefined;
  if (named && !existsSync(file)) throw new InputError(TEXT.missingFile(displayPath(file)), { hint: TEXT.missingFileHint });
  const config = await loadConfig(file, program);
  applyConfig(program, command, config);
  return config;
}

function unknownKeyHint(key: string, known: string[]): string {
  const camel = key.replace(/[-_]+([a-z])/g, (_, c: string) => c.toUpperCase());
  if (camel !== key && known.includes(camel)) return TEXT.camelCase(camel);
  const near = nearestName(key, known);
  return near ? TEXT.didYouMean(near) : TEXT.listKnown([...known].sort());
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function uniqueIgnoringCase(choices: string[]): string[] {
  return choices.filter((c, i) => choices.findIndex((d) => d.toLowerCase() === c.toLowerCase()) === i);
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
