/** Path of an entry's file in the bundle of the current sources, bundling first when needed (see bundle.cjs). */
export function bundledEntry(name: 'cli' | 'chart-worker'): Promise<string>;
/** Path of an entry's file in the bundle this process runs from, or undefined when it runs from the sources. */
export function runningBundleEntry(name: 'cli' | 'chart-worker'): string | undefined;
/** Runs an entry of the bundle with V8's code cache; returns its exports. */
export function runBundled(name: 'cli' | 'chart-worker'): Promise<Record<string, unknown>>;
/** Runs a bundled CommonJS file with V8's code cache; returns its exports. */
export function runCached(file: string): Record<string, unknown>;
/** Marks this thread's run as one whose compiled code is worth caching. */
export function codeWorthCaching(): void;
/** The Node flags the `briefsmith` command runs with (the first line of bin.cjs). */
export function cliNodeFlags(): string[];
/** Hash of Briefsmith's sources and lock file, computed once per process. */
export function codeHash(): string;
