import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileRefusedError, readFileBounded, readTextFileBounded } from './boundedRead';

describe('cli: bounded file reads', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gradlab-bounded-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const refused = (path: string, cap = 1000): string => {
    try {
      readFileBounded(path, cap, 'a training config');
    } catch (e) {
      assert.ok(e instanceof FileRefusedError, String(e));
      return e.message;
    }
    assert.fail(`${path} was read`);
  };

  it('reads a regular file, dropping a byte-order mark', () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, '\uFEFF{"a": 1}');
    assert.equal(readTextFileBounded(path, 100), '{"a": 1}');
  });

  it('refuses devices without reading them (/dev/zero, /dev/urandom, /dev/null)', () => {
    for (const device of ['/dev/zero', '/dev/urandom', '/dev/null']) {
      assert.match(refused(device), /is a character device, not a regular file: a training config must be a file/);
    }
  });

  it('refuses a symlink to a device by what it points at', () => {
    const link = join(dir, 'zero.gradlab.json');
    symlinkSync('/dev/zero', link);
    assert.match(refused(link), /character device/);
  });

  it('refuses a FIFO with no writer at once instead of hanging', () => {
    const fifo = join(dir, 'pipe.gradlab.json');
    execFileSync('mkfifo', [fifo]);
    assert.match(refused(fifo), /named pipe \(FIFO\)/);
  });

  it('refuses a folder and a missing file', () => {
    assert.match(refused(dir), /is a folder, not a regular file/);
    assert.equal(refused(join(dir, 'missing')), `${join(dir, 'missing')}: no such file`);
  });

  it('refuses a file over the cap by its size in bytes before reading, never echoing its bytes', () => {
    const path = join(dir, 'big.gradlab.json');
    writeFileSync(path, 'root:x:0:0:secret\n');
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, 52_000_000); // sparse: no disk used
    closeSync(fd);
    const message = refused(path, 3_000_000);
    assert.equal(message, `${path} is 52 MB (52,000,000 bytes); a training config may be at most 3.0 MB`);
    assert.doesNotMatch(message, /root|secret|character/);
  });

  it('reads a file of exactly the cap', () => {
    const path = join(dir, 'exact');
    writeFileSync(path, 'x'.repeat(1000));
    assert.equal(readFileBounded(path, 1000).length, 1000);
  });
});
