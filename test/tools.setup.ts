// The tests open every output with real clients. When one is missing, say how to get it, once,
// instead of letting dozens of tests fail with "spawn ENOENT".
import { spawnSync } from 'node:child_process';

const TOOLS = ['soffice', 'pdftotext', 'pdfinfo', 'pdffonts', 'pdfdetach', 'pdfimages', 'pdftoppm', 'qpdf', 'xmllint', 'unzip', 'redis-server', 'script', 'chromium'];

export default function checkTools(): void {
  const missing = TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  if (missing.length) {
    throw new Error(`the tests need ${missing.join(', ')}, which this machine lacks. Run \`npm run setup\` (it installs libreoffice-impress, poppler-utils, qpdf, libxml2-utils, unzip, redis-server and chromium).`);
  }
}
