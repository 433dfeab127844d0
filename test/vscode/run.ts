/**
 * Runs the extension tests in test/vscode/suite inside a real VS Code (Electron), with the
 * repository as the extension under development and samples/ as the workspace.
 *
 * @vscode/test-electron downloads VS Code into .vscode-test/ on the first run. Where that is
 * impossible (no network access to update.code.visualstudio.com, as on the offline build
 * machine) the tests are skipped with a message and exit code 0, so that the command can stay
 * in scripts; `npm run test:web` covers the same ground in code-server there. A copy of VS Code
 * already in .vscode-test/ is used without network access, and VSCODE_EXECUTABLE_PATH names a
 * local VS Code to use instead of downloading one. VSCODE_VERSION picks the version to download
 * (default: the newest stable release).
 *
 * On Linux without a display, run it under a virtual one: `xvfb-run -a npm run test:vscode`.
 */

import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests, SilentReporter } from '@vscode/test-electron';

const REPO = path.resolve(__dirname, '../../..');

/** The VS Code to test in, or undefined when none can be had. */
async function vscodeExecutable(): Promise<string | undefined> {
  const local = process.env.VSCODE_EXECUTABLE_PATH;
  if (local) return local;
  const version = process.env.VSCODE_VERSION ?? 'stable';
  console.log(`test:vscode: getting VS Code ${version} (downloaded into .vscode-test/ unless already there) …`);
  try {
    // A short idle timeout: without network access this fails within seconds instead of hanging.
    return await downloadAndUnzipVSCode({
      version,
      extensionDevelopmentPath: REPO,
      cachePath: path.join(REPO, '.vscode-test'),
      reporter: new SilentReporter(),
      timeout: 15_000,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.log(
      `test:vscode skipped: VS Code could not be downloaded (no network access to update.code.visualstudio.com: ${reason}); ` +
        'run it on a machine with network access, or set VSCODE_EXECUTABLE_PATH to a local VS Code.',
    );
    return undefined;
  }
}

async function main(): Promise<number> {
  const executable = await vscodeExecutable();
  if (!executable) return 0;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.log('test:vscode: no display; if VS Code fails to start, run this under `xvfb-run -a`.');
  }
  return runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
    // Only the extension under test runs; the samples folder is the workspace it sees.
    launchArgs: [path.join(REPO, 'samples'), '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test:vscode FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
