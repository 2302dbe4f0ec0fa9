// Variants: checked like the rest of the data, each problem at its file:line. What cannot be known
// before the templates run (which chapter and slide ids exist) is checked in compose/variant.ts.
import type { Collection, CollectionItem, Figure, SourceFile, Variant } from '../types.ts';
import { own, recordOf } from '../ids.ts';
import type { EditionRecord, VariantRecord } from './schema.ts';

interface Entry {
  id: string;
  value: VariantRecord;
  file: SourceFile;
  path: (string | number)[];
}

type At = (file: SourceFile, path: (string | number)[], message: string, hint?: string) => void;

/** Folders under out/ that Briefsmith itself uses (mail/: the send ledger). */
const RESERVED_IDS = ['mail'];

/** The item fields a filter may test: the built-in ones, and any key under an item's fields:. */
const ITEM_FIELDS = ['title', 'text', 'when', 'source'] as const;

/** The value of an item's field as a filter reads it. */
function itemField(item: CollectionItem, field: string): string | undefined {
  return (ITEM_FIELDS as readonly string[]).includes(field) ? (item as unknown as Record<string, string | undefined>)[field] : item.fields?.[field];
}

/** Whether an item is kept by a filter's tests (all fields must match one of their values; case and spaces aside). */
function itemMatches(item: CollectionItem, tests: Record<string, string[]>): boolean {
  const norm = (s: string) => s.trim().toLowerCase();
  return Object.entries(tests).every(([field, values]) => {
    const value = itemField(item, field);
    return value !== undefined && values.some((v) => norm(v) === norm(value));
  });
}

export function resolveVariants(
  entries: Entry[],
  context: { edition?: EditionRecord; figures: Record<string, Figure>; collections: Record<string, Collection> },
  at: At,
): Record<string, Variant> {
  const out = recordOf<Variant>();
  const defaults = context.edition?.params ?? {};
  for (const e of entries) {
    const v = e.value;
    let ok = true;
    const problem = (path: (string | number)[], message: string, hint?: string) => { at(e.file, [...e.path, ...path], message, hint); ok = false; };
    if (RESERVED_IDS.includes(e.id)) problem([], `a variant cannot be called "${e.id}": out/${e.id}/ is taken`, 'choose another id (the edition of a variant is built into out/<id>/)');
    for (const name of Object.keys(v.params ?? {})) {
      if (!Object.hasOwn(defaults, name)) {
        problem(['params', name], `parameter "${name}" has no default in edition.params`, `add ${name}: … under edition: params:, so the edition without a variant (and every other variant) has a value too`);
      }
    }
    v.headlines?.forEach((h, i) => {
      if (!own(context.figures, h)) problem(['headlines', i], `names no figure "${h}"`, 'list ids from figures: or derived:');
    });
    v.collections?.forEach((c, i) => {
      if (!own(context.collections, c)) problem(['collections', i], `names no collection "${c}"`, `known collections: ${Object.keys(context.collections).join(', ')}`);
    });
    const keepItems: Record<string, number[]> = {};
    for (const [collectionId, tests] of Object.entries(v.filter ?? {})) {
      const collection = own(context.collections, collectionId);
      if (!collection) {
        problem(['filter', collectionId], `names no collection "${collectionId}"`, `known collections: ${Object.keys(context.collections).join(', ')}`);
        continue;
      }
      const known = new Set<string>([...ITEM_FIELDS, ...collection.items.flatMap((item) => Object.keys(item.fields ?? {}))]);
      const lists: Record<string, string[]> = {};
      let fieldsKnown = true;
      for (const [field, value] of Object.entries(tests)) {
        if (!known.has(field)) { problem(['filter', collectionId, field], `items of "${collectionId}" have no field "${field}"`, `a filter tests one of: ${[...known].join(', ')}`); fieldsKnown = false; }
        lists[field] = Array.isArray(value) ? value : [value];
      }
      const kept = collection.items.flatMap((item, i) => (itemMatches(item, lists) ? [i] : []));
      if (fieldsKnown && !kept.length) {
        problem(['filter', collectionId], `keeps none of the ${collection.items.length} items of "${collectionId}"`, 'check the values against the items (case does not matter), or leave the collection out with collections:');
      }
      keepItems[collectionId] = kept;
    }
    if (!ok) continue;
    out[e.id] = withoutUndefined({
      id: e.id,
      title: v.title,
      subtitle: v.subtitle,
      params: { ...defaults, ...v.params },
      headlines: v.headlines,
      sections: v.sections,
      collections: v.collections,
      keepItems: v.filter ? keepItems : undefined,
      origin: e.file.positionOf(e.path),
      sectionsAt: v.sections?.map((_, i) => e.file.positionOf([...e.path, 'sections', i])),
    });
  }
  return out;
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

