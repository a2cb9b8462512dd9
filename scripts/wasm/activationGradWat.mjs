// Writes the WebAssembly text of a fused layer's backward elementwise pass (see src/engine/kernels/fusedLinearWasm.ts).
//
// activationGrad(kind, g, y, db, rows, cols): over the rows×cols row-major matrices at byte offsets g and y,
// g = g·φ'(from y) in place, and db[c] += that for every row, rows in increasing order (db holds cols values,
// zeroed by the caller). kind: 0 tanh (g·(1 − y·y)), 1 sigmoid (g·(y·(1 − y))), 2 relu (g where y > 0, 0 where
// y <= 0, NaN where y is NaN). The same IEEE-754 operations in the same order as fusedLinear.ts's JavaScript
// loops, two columns per instruction, so the bits are theirs.
/** The kinds in the kernel's numbering: FUSED_ACTIVATIONS's order (src/engine/kernels/fusedLinear.ts). */
const KINDS = ['tanh', 'sigmoid', 'relu'];

const FORMULAS = {
  tanh: (g, y, lane) => `(${lane}.mul ${g} (${lane}.sub ${one(lane)} (${lane}.mul ${y} ${y})))`,
  sigmoid: (g, y, lane) => `(${lane}.mul ${g} (${lane}.mul ${y} (${lane}.sub ${one(lane)} ${y})))`,
  relu: (g, y, lane) => lane === 'f64x2'
    ? `(v128.bitselect ${g} (v128.bitselect (v128.const i64x2 0 0) (f64x2.splat (f64.const nan)) (f64x2.le ${y} (v128.const i64x2 0 0))) (f64x2.gt ${y} (v128.const i64x2 0 0)))`
    : `(select ${g} (select (f64.const 0) (f64.const nan) (f64.le ${y} (f64.const 0))) (f64.gt ${y} (f64.const 0)))`,
};

function one(lane) {
  return lane === 'f64x2' ? '(f64x2.splat (f64.const 1))' : '(f64.const 1)';
}

/** Every row: column pairs, then the last column when cols is odd. */
function rowsLoop(kind) {
  const formula = FORMULAS[kind];
  return `(local.set $r (local.get $rows))
(block $rdone (loop $row
  (br_if $rdone (i32.eqz (local.get $r)))
  (local.set $d (local.get $db))
  (local.set $c (local.get $pairs))
  (block $cdone (loop $col
    (br_if $cdone (i32.eqz (local.get $c)))
    (local.set $z ${formula('(v128.load (local.get $g))', '(v128.load (local.get $y))', 'f64x2')})
    (v128.store (local.get $g) (local.get $z))
    (v128.store (local.get $d) (f64x2.add (v128.load (local.get $d)) (local.get $z)))
    (local.set $g (i32.add (local.get $g) (i32.const 16)))
    (local.set $y (i32.add (local.get $y) (i32.const 16)))
    (local.set $d (i32.add (local.get $d) (i32.const 16)))
    (local.set $c (i32.sub (local.get $c) (i32.const 1)))
    (br $col)))
  (if (local.get $odd) (then
    (local.set $s ${formula('(f64.load (local.get $g))', '(f64.load (local.get $y))', 'f64')})
    (f64.store (local.get $g) (local.get $s))
    (f64.store (local.get $d) (f64.add (f64.load (local.get $d)) (local.get $s)))
    (local.set $g (i32.add (local.get $g) (i32.const 8)))
    (local.set $y (i32.add (local.get $y) (i32.const 8)))))
  (local.set $r (i32.sub (local.get $r) (i32.const 1)))
  (br $row)))`;
}

export function activationGradWat() {
  const [tanh, sigmoid, relu] = KINDS.map(rowsLoop);
  return `(func (export "activationGrad") (param $kind i32) (param $g i32) (param $y i32) (param $db i32) (param $rows i32) (param $cols i32)
(local $r i32) (local $c i32) (local $d i32) (local $pairs i32) (local $odd i32) (local $z v128) (local $s f64)
(local.set $pairs (i32.shr_u (local.get $cols) (i32.const 1)))
(local.set $odd (i32.and (local.get $cols) (i32.const 1)))
(if (i32.eqz (local.get $kind)) (then
${tanh})
(else (if (i32.eq (local.get $kind) (i32.const 1)) (then
${sigmoid})
(else
${relu})))))
`;
}
