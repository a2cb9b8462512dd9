import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { cliShim } from './shim';

const ROOT = join(__dirname, '..', '..', '..');

describe('extension/cli: the gradlab launcher', () => {
  it('on Windows: a .cmd that runs the runtime in node mode with every argument, % kept literal', () => {
    const shim = cliShim('win32', 'C:\\Program Files\\VS Code\\Code.exe', 'C:\\ext\\100%\\dist\\cli.js', '0.1.0');
    assert.equal(shim.name, 'gradlab.cmd');
    assert.match(shim.text, /\r\nsetlocal\r\nset ELECTRON_RUN_AS_NODE=1\r\n"C:\\Program Files\\VS Code\\Code\.exe" "C:\\ext\\100%%\\dist\\cli\.js" %\*\r\n$/);
  });

  it('elsewhere: an sh script that quotes the paths literally', () => {
    const shim = cliShim('linux', "/opt/it's here/node", '/ext/$HOME/cli.js', '0.1.0');
    assert.equal(shim.name, 'gradlab');
    assert.ok(shim.executable);
    assert.match(shim.text, /^#!\/bin\/sh\n/);
    assert.ok(shim.text.includes(`exec '/opt/it'\\''s here/node' '/ext/$HOME/cli.js' "$@"`));
  });

  it('runs the built CLI from PATH, passing arguments and stdin through', function () {
    const cli = join(ROOT, 'dist', 'cli.js');
    if (process.platform === 'win32' || !existsSync(cli)) this.skip();
    const dir = mkdtempSync(join(tmpdir(), "gradlab shim's-"));
    const shim = cliShim(process.platform, process.execPath, cli, '0.1.0');
    writeFileSync(join(dir, shim.name), shim.text);
    chmodSync(join(dir, shim.name), 0o755);
    const env = { ...process.env, PATH: dir + delimiter + (process.env.PATH ?? '') };
    const version = spawnSync('gradlab', ['--version'], { env, encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$|^dev$/);
    const validate = spawnSync('gradlab', ['validate', '-'], { env, encoding: 'utf8', input: '{ "seed": }' });
    assert.equal(validate.status, 1);
    assert.match(validate.stdout, /^<stdin>:1:\d+: error/);
  });
});
