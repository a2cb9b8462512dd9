// Writes the WebAssembly text of plain SGD's update (see src/engine/optim/sgd.ts, whose plain loop does the same).
//
// sgd(param, grad, count, step): param[i] = param[i] + step·grad[i] for `count` float64 values at byte offsets
// `param` and `grad`, step = -lr: the JavaScript loop's two IEEE-754 operations in its order, so the bits are its
// own. V8 does not vectorize that loop; here four values go per iteration (two f64x2), then a last pair and a last
// value.
const update = (offset) =>
  `(v128.store offset=${offset} (local.get $p) (f64x2.add (v128.load offset=${offset} (local.get $p)) (f64x2.mul (local.get $s) (v128.load offset=${offset} (local.get $g)))))`;

export function sgdWat() {
  return `(func (export "sgd") (param $p i32) (param $g i32) (param $count i32) (param $step f64)
  (local $s v128) (local $end i32)
  (local.set $s (f64x2.splat (local.get $step)))
  (local.set $end (i32.add (local.get $p) (i32.shl (local.get $count) (i32.const 3))))
  (block $done (loop $fours
    (br_if $done (i32.gt_u (i32.add (local.get $p) (i32.const 32)) (local.get $end)))
    ${update(0)}
    ${update(16)}
    (local.set $p (i32.add (local.get $p) (i32.const 32)))
    (local.set $g (i32.add (local.get $g) (i32.const 32)))
    (br $fours)))
  (if (i32.le_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)) (then
    ${update(0)}
    (local.set $p (i32.add (local.get $p) (i32.const 16)))
    (local.set $g (i32.add (local.get $g) (i32.const 16)))))
  (if (i32.lt_u (local.get $p) (local.get $end)) (then
    (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.mul (local.get $step) (f64.load (local.get $g))))))))
`;
}
