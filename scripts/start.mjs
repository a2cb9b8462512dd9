// `npm start`: build, install code-server if needed, and serve VS Code on 127.0.0.1 with Gradient Lab loaded in
// development mode (from this folder, like F5's Extension Development Host) and a copy of examples/ open.
// Prints the URL to open in a browser; Ctrl-C stops the server. Env: PORT (default 8080, else a free port),
// GRADLAB_WORKSPACE (a folder to open instead of the examples copy).
// Reload the browser tab after `npm run build` (or keep `npm run watch` running) to pick up changes.
import { join, resolve } from 'node:path';
import { ensureTestEnvironment } from './ensure-code-server.mjs';
import { buildExtension, copyWorkspace, freePort, repoRoot, startCodeServer, workbenchUrl } from './code-server.mjs';

const preferred = Number(process.env.PORT || 8080);
try {
  ensureTestEnvironment();
  await buildExtension();
  const workspace = process.env.GRADLAB_WORKSPACE ? resolve(process.env.GRADLAB_WORKSPACE) : copyWorkspace(join(repoRoot, 'examples'));
  const port = await freePort(preferred);
  if (port !== preferred) console.log(`port ${preferred} is busy; using ${port}`);
  const server = await startCodeServer({ port, workspace, log: (m) => console.log(m) });
  const url = workbenchUrl({ port: server.port, folder: workspace, extensionDevelopmentPath: repoRoot });
  console.log(`\nGradient Lab is running in VS Code (code-server) at:\n\n  ${url}\n`);
  console.log(`workspace: ${workspace}`);
  console.log('Open the Gradient Lab icon in the activity bar, or F1 -> "Gradient Lab: ...". Ctrl-C stops the server.\n');
  // Stay alive until Ctrl-C (scripts/code-server.mjs stops the server and removes temp folders on SIGINT/SIGTERM).
  const how = await server.exited;
  console.error(`code-server exited (${how}):\n${server.output().slice(-3000)}`);
  process.exit(1);
} catch (e) {
  console.error(`npm start failed: ${e.message}`);
  process.exit(1);
}
