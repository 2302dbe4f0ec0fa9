/** Path of an entry's file in the bundle of the current sources (see bundle.mjs). */
export function bundledEntry(name: 'cli' | 'chart-worker'): Promise<string>;
