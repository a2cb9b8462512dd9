import { strict as assert } from 'node:assert';
import { dataFolderOutside } from './trust';

describe('extension/training: data folders in Restricted Mode', () => {
  const config = (folder: string) => JSON.stringify({ data: { dataset: 'mnist-idx', folder } });
  const roots = ['/work/project'];

  it('allows folders inside the workspace, relative or absolute', () => {
    assert.equal(dataFolderOutside(config('data/mnist'), '/work/project/a.gradlab.json', roots), undefined);
    assert.equal(dataFolderOutside(config('/work/project/data'), '/work/project/sub/a.gradlab.json', roots), undefined);
    assert.equal(dataFolderOutside(config('.'), '/work/project/a.gradlab.json', roots), undefined);
  });

  it('names the resolved folder when it lies outside (.., absolute paths, a sibling with a common prefix)', () => {
    assert.equal(dataFolderOutside(config('../../etc'), '/work/project/a.gradlab.json', roots), '/etc');
    assert.equal(dataFolderOutside(config('/home/me/.ssh'), '/work/project/a.gradlab.json', roots), '/home/me/.ssh');
    assert.equal(dataFolderOutside(config('../project-other'), '/work/project/a.gradlab.json', roots), '/work/project-other');
    assert.equal(dataFolderOutside(config('data'), '/work/project/a.gradlab.json', []), '/work/project/data', 'no workspace folder: nothing is inside');
  });

  it('ignores configs that name no folder, and text that is not JSON', () => {
    assert.equal(dataFolderOutside(JSON.stringify({ data: { dataset: 'moons' } }), '/x/a.gradlab.json', roots), undefined);
    assert.equal(dataFolderOutside('{ not json', '/x/a.gradlab.json', roots), undefined);
  });
});
