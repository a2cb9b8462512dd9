// The pre-launch step of .vscode/launch.json's "Extension Tests" (F5 on a desktop VS Code): builds the extension,
// compiles the integration suite into out/test/integration/, and lays out a fresh test workspace in
// out/test/workspace/ (examples/ plus test/fixtures/workspace/), so the tests never edit examples/ itself.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtension, repoRoot } from './code-server.mjs';
import { compileIntegrationSuite } from '../test/runner/compile-integration.mjs';

const workspace = join(repoRoot, 'out', 'test', 'workspace');
await buildExtension();
const files = await compileIntegrationSuite();
rmSync(workspace, { recursive: true, force: true });
cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
const fixtures = join(repoRoot, 'test', 'fixtures', 'workspace');
if (existsSync(fixtures)) cpSync(fixtures, workspace, { recursive: true });
console.log(`compiled ${files} integration test file(s); workspace ${workspace}`);
