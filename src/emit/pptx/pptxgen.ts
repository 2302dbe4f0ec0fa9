// pptxgenjs, typed. Its type declarations describe a CommonJS default export, so under NodeNext the
// class sits at `.default` of what `import` gives; at run time (ESM build) it is the default itself.
import pptxgenModule from 'pptxgenjs';

type Module = typeof pptxgenModule;
export type Pptx = InstanceType<Module['default']>;
export type Slide = pptxgenModule.default.Slide;
export type TextProps = pptxgenModule.default.TextProps;
export type TableCell = pptxgenModule.default.TableCell;

const loaded = pptxgenModule as unknown as { default?: Module['default'] } & Module['default'];
export const PptxGenJS: Module['default'] = loaded.default ?? loaded;
