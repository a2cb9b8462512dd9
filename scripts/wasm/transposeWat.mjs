// Writes the WebAssembly text of the transpose the matrix multiply's operand copy uses (see
// src/engine/kernels/gemmWasm.ts): a linear layer's forward multiplies by Wᵀ, which the kernel needs row-major.
//
// transpose(src, srs, dst, rows, cols): dst (cols×rows, row-major) = the transpose of the rows×cols matrix at
// src whose rows start srs bytes apart; byte offsets. Only loads and stores, so the bits are the input's.
// Two source rows at a time: each column step reads two neighbouring values of dst's row and stores them as one
// pair, which halves the scattered stores.
export function transposeWat() {
  return `(func (export "transpose") (param $src i32) (param $srs i32) (param $dst i32) (param $rows i32) (param $cols i32)
  (local $r i32) (local $c i32) (local $s0 i32) (local $s1 i32) (local $d i32) (local $ldd i32)
  (local.set $ldd (i32.shl (local.get $rows) (i32.const 3)))
  (local.set $r (i32.const 0))
  (block $rdone (loop $rowPairs
    (br_if $rdone (i32.gt_s (i32.add (local.get $r) (i32.const 2)) (local.get $rows)))
    (local.set $s0 (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $srs))))
    (local.set $s1 (i32.add (local.get $s0) (local.get $srs)))
    (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 3))))
    (local.set $c (local.get $cols))
    (block $cdone (loop $columns
      (br_if $cdone (i32.eqz (local.get $c)))
      (v128.store (local.get $d) (f64x2.replace_lane 1 (v128.load64_zero (local.get $s0)) (f64.load (local.get $s1))))
      (local.set $s0 (i32.add (local.get $s0) (i32.const 8)))
      (local.set $s1 (i32.add (local.get $s1) (i32.const 8)))
      (local.set $d (i32.add (local.get $d) (local.get $ldd)))
      (local.set $c (i32.sub (local.get $c) (i32.const 1)))
      (br $columns)))
    (local.set $r (i32.add (local.get $r) (i32.const 2)))
    (br $rowPairs)))
  (if (i32.lt_s (local.get $r) (local.get $rows)) (then
    (local.set $s0 (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $srs))))
    (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 3))))
    (local.set $c (local.get $cols))
    (block $ldone (loop $last
      (br_if $ldone (i32.eqz (local.get $c)))
      (f64.store (local.get $d) (f64.load (local.get $s0)))
      (local.set $s0 (i32.add (local.get $s0) (i32.const 8)))
      (local.set $d (i32.add (local.get $d) (local.get $ldd)))
      (local.set $c (i32.sub (local.get $c) (i32.const 1)))
      (br $last))))))
`;
}
