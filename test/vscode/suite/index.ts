/**
 * The entry point VS Code loads with --extensionTestsPath: runs the suite's test files with
 * mocha inside the extension host, where the `vscode` module is available. It is not part of
 * `npm test` (.mocharc.json lists no test/vscode files), since it needs a running VS Code.
 */

import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: true, timeout: 60_000 });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} extension test${failures === 1 ? '' : 's'} failed`));
      else resolve();
    });
  });
}
