// Writes the WebAssembly text of the transpose the matrix multiply's operand copy uses (see
// src/engine/kernels/gemmWasm.ts): a linear layer's forward multiplies by Wᵀ, which the kernel needs row-major.
//
// transpose(src, srs, dst, rows, cols): dst (cols×rows, row-major) = the transpose of the rows×cols matrix at
// src whose rows start srs bytes apart; byte offsets. Only loads and stores, so the bits are the input's.
// Eight source rows at a time, two columns per step: each 2×2 block is two loads and two shuffles, and a step
// writes a whole 64-byte line of each of two destination rows, so every destination line is written once (two
// rows at a time wrote each line in four passes a whole row sweep apart, out of L1 for a 784-wide layer). The
// rows left over (fewer than eight) go one at a time.

const BLOCK = 8;

/** The statements for one step of an eight-row block: columns c and c+1 of rows r..r+7 into dst rows c, c+1. */
function blockStep() {
  const lines = [];
  for (let i = 0; i < BLOCK; i += 2) {
    const top = `(v128.load (i32.add (local.get $s) (i32.mul (i32.const ${i}) (local.get $srs))))`;
    const bottom = `(v128.load (i32.add (local.get $s) (i32.mul (i32.const ${i + 1}) (local.get $srs))))`;
    lines.push(`(local.set $a ${top})`, `(local.set $b ${bottom})`);
    // [a0, b0] goes to dst row c, [a1, b1] to row c + 1.
    lines.push(`(v128.store offset=${i * 8} (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b)))`);
    lines.push(`(v128.store offset=${i * 8} (i32.add (local.get $d) (local.get $ldd)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $b)))`);
  }
  return lines.join('\n        ');
}

/** The last column of an eight-row block when cols is odd. */
function blockLastColumn() {
  const lines = [];
  for (let i = 0; i < BLOCK; i += 2) {
    lines.push(`(v128.store offset=${i * 8} (local.get $d) (f64x2.replace_lane 1 (v128.load64_zero (i32.add (local.get $s) (i32.mul (i32.const ${i}) (local.get $srs))))
          (f64.load (i32.add (local.get $s) (i32.mul (i32.const ${i + 1}) (local.get $srs))))))`);
  }
  return lines.join('\n        ');
}

export function transposeWat() {
  return `(func (export "transpose") (param $src i32) (param $srs i32) (param $dst i32) (param $rows i32) (param $cols i32)
  (local $r i32) (local $c i32) (local $s i32) (local $d i32) (local $ldd i32)
  (local $a v128) (local $b v128)
  (local.set $ldd (i32.shl (local.get $rows) (i32.const 3)))
  (local.set $r (i32.const 0))
  (block $bdone (loop $blocks
    (br_if $bdone (i32.gt_s (i32.add (local.get $r) (i32.const ${BLOCK})) (local.get $rows)))
    (local.set $s (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $srs))))
    (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 3))))
    (local.set $c (local.get $cols))
    (block $cdone (loop $columnPairs
      (br_if $cdone (i32.lt_u (local.get $c) (i32.const 2)))
        ${blockStep()}
      (local.set $s (i32.add (local.get $s) (i32.const 16)))
      (local.set $d (i32.add (local.get $d) (i32.shl (local.get $ldd) (i32.const 1))))
      (local.set $c (i32.sub (local.get $c) (i32.const 2)))
      (br $columnPairs)))
    (if (local.get $c) (then
        ${blockLastColumn()}))
    (local.set $r (i32.add (local.get $r) (i32.const ${BLOCK})))
    (br $blocks)))
  (block $rdone (loop $rest
    (br_if $rdone (i32.ge_s (local.get $r) (local.get $rows)))
    (local.set $s (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $srs))))
    (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 3))))
    (local.set $c (local.get $cols))
    (block $cdone (loop $column
      (br_if $cdone (i32.eqz (local.get $c)))
      (f64.store (local.get $d) (f64.load (local.get $s)))
      (local.set $s (i32.add (local.get $s) (i32.const 8)))
      (local.set $d (i32.add (local.get $d) (local.get $ldd)))
      (local.set $c (i32.sub (local.get $c) (i32.const 1)))
      (br $column)))
    (local.set $r (i32.add (local.get $r) (i32.const 1)))
    (br $rest))))
`;
}
