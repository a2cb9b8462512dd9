// What the WebAssembly generators share: assembling text with wabt, the base64 literal the engine decodes, and
// the main of a generator (write the .generated.ts file, or with --check exit 1 when it is stale).
import wabtInit from 'wabt';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

/** A function that assembles WebAssembly text into a validated binary, with the given wabt features. */
export async function assembler() {
  const wabt = await wabtInit();
  return (name, wat, features = { simd: true }) => {
    const module = wabt.parseWat(name, wat, features);
    module.validate();
    const { buffer } = module.toBinary({});
    module.destroy();
    return buffer;
  };
}

/** The binary as a TypeScript string expression: base64 in lines of 100 characters joined with +. */
export function base64Lines(buffer) {
  return Buffer.from(buffer).toString('base64').match(/.{1,100}/g).map((l) => `  '${l}'`).join(' +\n');
}

/** Writes `text` to `outPath`, or with --check only compares and exits 1 when the file differs. */
export function writeOrCheck(script, outPath, text) {
  const name = basename(script);
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(outPath, 'utf8');
    } catch {
      // a missing file is stale too
    }
    if (current !== text) {
      console.error(`${outPath} is stale: run node scripts/${name}`);
      process.exit(1);
    }
  } else {
    writeFileSync(outPath, text);
    console.log(`${name.replace(/\.mjs$/, '')}: wrote ${outPath} (${text.length} characters)`);
  }
}
