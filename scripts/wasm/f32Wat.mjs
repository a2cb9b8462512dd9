// Writes the WebAssembly text of the float32 preview kernels (see src/engine/wasm/f32Kernels.ts): a float32
// matrix multiply (f32x4 SIMD) and the activations with their derivatives, for the depth explorer's preview
// while a control is dragged. Unlike the float64 kernels these do not reproduce the engine's bits: float32 and
// polynomial approximations, accurate to a few float32 ulps (the float64 engine stays the reference).
//
// `fma`: the multiply-adds of the product use relaxed SIMD's f32x4.relaxed_madd (one rounding or two, as the
// hardware does it); the module built with it is only loaded where the runtime validates relaxed SIMD.

const ROW_BLOCK = 2;
const WIDE_VECTORS = 4; // 4 × f32x4 = 16 columns

function madd(fma, acc, a, b) {
  return fma ? `(f32x4.relaxed_madd ${a} ${b} ${acc})` : `(f32x4.add ${acc} (f32x4.mul ${a} ${b}))`;
}

function vectorBlock(rows, vectors, fma) {
  const acc = (r, v) => `$c${r}_${v}`;
  const out = [];
  for (let r = 0; r < rows; r++) for (let v = 0; v < vectors; v++) out.push(`(local.set ${acc(r, v)} (v128.const i32x4 0 0 0 0))`);
  for (let r = 0; r < rows; r++) out.push(`(local.set $ap${r} (i32.add (local.get $a) (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $sar))))`);
  out.push('(local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))');
  out.push('(local.set $p (local.get $k))');
  const body = [];
  for (let v = 0; v < vectors; v++) body.push(`(local.set $b${v} (v128.load offset=${16 * v} (local.get $bp)))`);
  for (let r = 0; r < rows; r++) {
    body.push(`(local.set $av (f32x4.splat (f32.load (local.get $ap${r}))))`);
    for (let v = 0; v < vectors; v++) body.push(`(local.set ${acc(r, v)} ${madd(fma, `(local.get ${acc(r, v)})`, '(local.get $av)', `(local.get $b${v})`)})`);
    body.push(`(local.set $ap${r} (i32.add (local.get $ap${r}) (local.get $sap)))`);
  }
  body.push('(local.set $bp (i32.add (local.get $bp) (local.get $ldb)))');
  out.push(kLoop(body));
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < vectors; v++) {
      const at = `(i32.add (local.get $c) (i32.shl (i32.add (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $n)) (local.get $j)) (i32.const 2)))`;
      const bias = `(v128.load offset=${16 * v} (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))`;
      out.push(`(v128.store offset=${16 * v} ${at} (f32x4.add (local.get ${acc(r, v)}) ${bias}))`);
    }
  }
  return out.join('\n');
}

function scalarColumn(rows) {
  const out = [];
  for (let r = 0; r < rows; r++) out.push(`(local.set $s${r} (f32.const 0))`);
  for (let r = 0; r < rows; r++) out.push(`(local.set $ap${r} (i32.add (local.get $a) (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $sar))))`);
  out.push('(local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))');
  out.push('(local.set $p (local.get $k))');
  const body = ['(local.set $bs (f32.load (local.get $bp)))'];
  for (let r = 0; r < rows; r++) {
    body.push(`(local.set $s${r} (f32.add (local.get $s${r}) (f32.mul (f32.load (local.get $ap${r})) (local.get $bs))))`);
    body.push(`(local.set $ap${r} (i32.add (local.get $ap${r}) (local.get $sap)))`);
  }
  body.push('(local.set $bp (i32.add (local.get $bp) (local.get $ldb)))');
  out.push(kLoop(body));
  for (let r = 0; r < rows; r++) {
    const at = `(i32.add (local.get $c) (i32.shl (i32.add (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $n)) (local.get $j)) (i32.const 2)))`;
    out.push(`(f32.store ${at} (f32.add (local.get $s${r}) (f32.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))))`);
  }
  return out.join('\n');
}

function kLoop(body) {
  return `(block $kdone (loop $k
  (br_if $kdone (i32.eqz (local.get $p)))
  ${body.join('\n  ')}
  (local.set $p (i32.sub (local.get $p) (i32.const 1)))
  (br $k)))`;
}

function rowPanel(rows, fma) {
  return `(local.set $j (i32.const 0))
(block $wdone (loop $w
  (br_if $wdone (i32.gt_s (i32.add (local.get $j) (i32.const ${4 * WIDE_VECTORS})) (local.get $n)))
  ${vectorBlock(rows, WIDE_VECTORS, fma)}
  (local.set $j (i32.add (local.get $j) (i32.const ${4 * WIDE_VECTORS})))
  (br $w)))
(block $qdone (loop $quad
  (br_if $qdone (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
  ${vectorBlock(rows, 1, fma)}
  (local.set $j (i32.add (local.get $j) (i32.const 4)))
  (br $quad)))
(block $sdone (loop $single
  (br_if $sdone (i32.ge_s (local.get $j) (local.get $n)))
  ${scalarColumn(rows)}
  (local.set $j (i32.add (local.get $j) (i32.const 1)))
  (br $single)))`;
}

// gemm32(m, n, k, a, sar, sap, b, c, bias): C = A·B + bias per column, float32; A (m×k) read through byte
// strides, B (k×n) and C (m×n) row-major, all at byte offsets of the module's memory.
function gemmWat(fma) {
  const locals = ['(local $i i32) (local $j i32) (local $p i32) (local $bp i32) (local $ldb i32)'];
  for (let r = 0; r < ROW_BLOCK; r++) locals.push(`(local $ap${r} i32) (local $s${r} f32)`);
  for (let r = 0; r < ROW_BLOCK; r++) for (let v = 0; v < WIDE_VECTORS; v++) locals.push(`(local $c${r}_${v} v128)`);
  for (let v = 0; v < WIDE_VECTORS; v++) locals.push(`(local $b${v} v128)`);
  locals.push('(local $av v128) (local $bs f32)');
  return `(func (export "gemm32") (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $sar i32) (param $sap i32) (param $b i32) (param $c i32) (param $bias i32)
${locals.join('\n')}
(local.set $ldb (i32.shl (local.get $n) (i32.const 2)))
(local.set $i (i32.const 0))
(block $rdone (loop $rows
  (br_if $rdone (i32.gt_s (i32.add (local.get $i) (i32.const ${ROW_BLOCK})) (local.get $m)))
  ${rowPanel(ROW_BLOCK, fma)}
  (local.set $i (i32.add (local.get $i) (i32.const ${ROW_BLOCK})))
  (br $rows)))
(if (i32.lt_s (local.get $i) (local.get $m)) (then
  ${rowPanel(1, fma)})))`;
}

const splat = (x) => `(f32x4.splat (f32.const ${x}))`;

// exp of x <= 0 (clamped at -87, where 2^n stays a normal float32): x = n·ln2 + r, |r| <= ln2/2, then a degree-6
// Taylor polynomial of e^r (error below 1.2e-7 relative) scaled by 2^n built in the exponent bits.
const expNonPositive = `(func $exp (param $x v128) (result v128) (local $n v128) (local $r v128) (local $p v128)
(local.set $x (f32x4.max (local.get $x) ${splat(-87)}))
(local.set $n (f32x4.nearest (f32x4.mul (local.get $x) ${splat(1.4426950408889634)})))
(local.set $r (f32x4.sub (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) ${splat(0.693359375)})) (f32x4.mul (local.get $n) ${splat(-2.12194440e-4)})))
(local.set $p ${splat(1 / 720)})
${[1 / 120, 1 / 24, 1 / 6, 0.5, 1, 1].map((c) => `(local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) ${splat(c)}))`).join('\n')}
(f32x4.mul (local.get $p) (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (i32x4.splat (i32.const 127))) (i32.const 23))))`;

// tanh: odd Taylor series to x^11 below |x| = 0.3 (no cancellation near 0), (1 - e)/(1 + e) with e = exp(-2|x|)
// above; tanh' = 4e/(1 + e)², which keeps its relative accuracy where 1 - tanh² would cancel.
const TANH_SERIES = [-1 / 3, 2 / 15, -17 / 315, 62 / 2835, -1382 / 155925];
const tanhBody = `(local.set $a (f32x4.abs (local.get $x)))
(local.set $e (call $exp (f32x4.mul (local.get $a) ${splat(-2)})))
(local.set $d (f32x4.add ${splat(1)} (local.get $e)))
(local.set $t (f32x4.div (f32x4.sub ${splat(1)} (local.get $e)) (local.get $d)))
(local.set $x2 (f32x4.mul (local.get $a) (local.get $a)))
(local.set $s ${splat(TANH_SERIES[4])})
${TANH_SERIES.slice(0, 4).reverse().map((c) => `(local.set $s (f32x4.add (f32x4.mul (local.get $s) (local.get $x2)) ${splat(c)}))`).join('\n')}
(local.set $s (f32x4.add (local.get $a) (f32x4.mul (local.get $a) (f32x4.mul (local.get $s) (local.get $x2)))))
(local.set $t (v128.bitselect (local.get $s) (local.get $t) (f32x4.lt (local.get $a) ${splat(0.3)})))
(local.set $y (v128.or (local.get $t) (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
(local.set $dy (f32x4.div (f32x4.mul ${splat(4)} (local.get $e)) (f32x4.mul (local.get $d) (local.get $d))))`;

// sigmoid with e = exp(-|x|): 1/(1 + e) for x >= 0, e/(1 + e) below; sigmoid' = e/(1 + e)².
const sigmoidBody = `(local.set $e (call $exp (f32x4.neg (f32x4.abs (local.get $x)))))
(local.set $d (f32x4.add ${splat(1)} (local.get $e)))
(local.set $y (v128.bitselect (f32x4.div ${splat(1)} (local.get $d)) (f32x4.div (local.get $e) (local.get $d)) (f32x4.ge (local.get $x) ${splat(0)})))
(local.set $dy (f32x4.div (local.get $e) (f32x4.mul (local.get $d) (local.get $d))))`;

// relu (torch's derivative: 0 at x = 0); identity.
const reluBody = `(local.set $y (f32x4.max (local.get $x) ${splat(0)}))
(local.set $dy (v128.and (f32x4.gt (local.get $x) ${splat(0)}) ${splat(1)}))`;
const identityBody = `(local.set $y (local.get $x))
(local.set $dy ${splat(1)})`;

/** Activation kinds, in the order of the `act32` kind argument. */
export const F32_ACTIVATIONS = ['tanh', 'sigmoid', 'relu', 'identity'];

// act32(kind, count, h, out, dphi, res): out = phi(h) (+ res when res != 0), dphi = phi'(h), over `count`
// values rounded up to a multiple of 4 (buffers are padded), all byte offsets.
const actWat = `(func (export "act32") (param $kind i32) (param $count i32) (param $h i32) (param $out i32) (param $dphi i32) (param $res i32)
(local $x v128) (local $a v128) (local $e v128) (local $d v128) (local $t v128) (local $s v128) (local $x2 v128) (local $y v128) (local $dy v128) (local $end i32)
(local.set $end (i32.add (local.get $h) (i32.shl (i32.and (i32.add (local.get $count) (i32.const 3)) (i32.const -4)) (i32.const 2))))
(block $done (loop $l
  (br_if $done (i32.ge_u (local.get $h) (local.get $end)))
  (local.set $x (v128.load (local.get $h)))
  (block $b3 (block $b2 (block $b1 (block $b0 (br_table $b0 $b1 $b2 $b3 (local.get $kind)))
    ${tanhBody}
    (br $b3))
    ${sigmoidBody}
    (br $b3))
    ${reluBody}
    (br $b3))
  (if (i32.eq (local.get $kind) (i32.const 3)) (then ${identityBody}))
  (if (local.get $res) (then
    (local.set $y (f32x4.add (local.get $y) (v128.load (local.get $res))))
    (local.set $res (i32.add (local.get $res) (i32.const 16)))))
  (v128.store (local.get $out) (local.get $y))
  (v128.store (local.get $dphi) (local.get $dy))
  (local.set $h (i32.add (local.get $h) (i32.const 16)))
  (local.set $out (i32.add (local.get $out) (i32.const 16)))
  (local.set $dphi (i32.add (local.get $dphi) (i32.const 16)))
  (br $l))))`;

export function f32KernelsWat(fma) {
  return `(module
(memory (export "memory") 1)
${gemmWat(fma)}
${expNonPositive}
${actWat})
`;
}
