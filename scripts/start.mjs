// `npm start`: builds the app, then opens the desktop window, or, where no Electron binary can be had,
// says so in one line and serves the same dashboard to the browser.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`SubForge Monitor needs Node.js 22.12 or newer; this is ${process.version}.`);
  process.exit(1);
}

const build = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
  {
    cwd: root,
    encoding: 'utf8',
  },
);
if (build.status !== 0) {
  process.stderr.write(build.stdout + build.stderr);
  console.error('The build failed; see above.');
  process.exit(1);
}

/** The Electron binary's path, downloading it on first use; null where it cannot be had. */
function electronBinary() {
  if (process.env.SUBFORGE_MONITOR_BROWSER === '1') return null;
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
  });
  return probe.status === 0 && probe.stdout ? probe.stdout : null;
}

const forward = (child) => {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
};

const electron = electronBinary();
if (electron) {
  forward(spawn(electron, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }));
} else {
  console.log(
    'Electron is not available on this machine (its binary could not be downloaded), so the dashboard is served to your browser instead:',
  );
  const cli = join(root, 'out', 'main', 'cli.js');
  forward(spawn(process.execPath, [cli, 'serve', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }));
}
