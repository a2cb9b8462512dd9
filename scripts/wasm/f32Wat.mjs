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
    body.push(`(local.set $av (v128.load32_splat (local.get $ap${r})))`);
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

const splat = (x) => `(v128.const f32x4 ${x} ${x} ${x} ${x})`;

// e^x and e^x - 1 for x <= 0 (clamped at -87, where 2^n stays a normal float32), written inline into the loop:
// x = n·ln2 + r, |r| <= ln2/2, q = e^r - 1 as r·(1 + r/2 + ... + r^6/5040) (Estrin's scheme; truncation below 2e-8 relative),
// then e^x = 2^n·(1 + q) and e^x - 1 = 2^n·q + (2^n - 1). With n = 0 (|x| < 0.35) the second is q itself, so
// tanh and its derivative keep their relative accuracy near 0 without a separate series.
// n = round(x/ln2) by adding 1.5·2^23: the sum's low mantissa bits are n (|n| < 2^22), in one add instead of
// f32x4.nearest and a saturating conversion; pmax is maxps (wasm's max adds NaN and ±0 fix-ups).
const ROUNDING_MAGIC = 12582912;
const ROUNDING_MAGIC_BITS = 0x4b400000;
const EXPM1_TAYLOR = [1, 1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040];
const fma32 = (a, b, c) => `(f32x4.add (f32x4.mul ${a} ${b}) ${c})`;
// c0 + c1·r + ... + c6·r^6 (c ascending, seven terms) by Estrin's scheme: four multiply-adds deep instead of six.
const estrin = (r, r2, c) => {
  const [x, x2] = [`(local.get ${r})`, `(local.get ${r2})`];
  const pair = (i) => fma32(x, splat(c[i + 1]), splat(c[i]));
  return fma32(`(f32x4.mul ${x2} ${x2})`, fma32(x2, splat(c[6]), pair(4)), fma32(x2, pair(2), pair(0)));
};
const expAndExpm1 = (x) => `(local.set $k (f32x4.add (f32x4.mul (local.tee $z (f32x4.pmax ${x} ${splat(-87)})) ${splat(1.4426950408889634)}) ${splat(ROUNDING_MAGIC)}))
(local.set $n (f32x4.sub (local.get $k) ${splat(ROUNDING_MAGIC)}))
(local.set $r (f32x4.sub (f32x4.sub (local.get $z) (f32x4.mul (local.get $n) ${splat(0.693359375)})) (f32x4.mul (local.get $n) ${splat(-2.12194440e-4)})))
(local.set $r2 (f32x4.mul (local.get $r) (local.get $r)))
(local.set $q (f32x4.mul (local.get $r) ${estrin('$r', '$r2', EXPM1_TAYLOR)}))
(local.set $p (i32x4.shl (i32x4.add (i32x4.sub (local.get $k) (v128.const i32x4 ${ROUNDING_MAGIC_BITS} ${ROUNDING_MAGIC_BITS} ${ROUNDING_MAGIC_BITS} ${ROUNDING_MAGIC_BITS})) (i32x4.splat (i32.const 127))) (i32.const 23)))
(local.set $e (f32x4.add (local.get $p) (f32x4.mul (local.get $p) (local.get $q))))
(local.set $m (f32x4.add (f32x4.mul (local.get $p) (local.get $q)) (f32x4.sub (local.get $p) ${splat(1)})))`;

// tanh |x| = -m/(2 + m) with m = e^(-2|x|) - 1 (no cancellation near 0), the sign put back from x; tanh' =
// (1 - tanh)(1 + tanh) = 4e/(1 + e)² with e = e^(-2|x|), which keeps its relative accuracy where 1 - tanh² would
// cancel. One division: d = 1/(1 + e).
const tanhBody = `${expAndExpm1(`(f32x4.mul (f32x4.abs (local.get $x)) ${splat(-2)})`)}
(local.set $d (f32x4.div ${splat(1)} (f32x4.add ${splat(1)} (local.get $e))))
(local.set $y (v128.or (f32x4.abs (f32x4.mul (local.get $m) (local.get $d)))
  (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
(local.set $dy (f32x4.mul (f32x4.mul ${splat(4)} (local.get $e)) (f32x4.mul (local.get $d) (local.get $d))))`;

// sigmoid with e = e^(-|x|) and d = 1/(1 + e): d for x >= 0, e·d below; sigmoid' = e·d².
const sigmoidBody = `${expAndExpm1('(f32x4.neg (f32x4.abs (local.get $x)))')}
(local.set $d (f32x4.div ${splat(1)} (f32x4.add ${splat(1)} (local.get $e))))
(local.set $y (v128.bitselect (local.get $d) (f32x4.mul (local.get $e) (local.get $d)) (f32x4.ge (local.get $x) ${splat(0)})))
(local.set $dy (f32x4.mul (local.get $e) (f32x4.mul (local.get $d) (local.get $d))))`;

// relu (torch's derivative: 0 at x = 0); identity. pmax (x < 0 ? 0 : x) is one instruction where max takes V8
// seven; it differs only in keeping -0 as -0, which no sum in the preview can tell from 0.
const reluBody = `(local.set $y (f32x4.pmax (local.get $x) ${splat(0)}))
(local.set $dy (v128.and (f32x4.gt (local.get $x) ${splat(0)}) ${splat(1)}))`;
const identityBody = `(local.set $y (local.get $x))
(local.set $dy ${splat(1)})`;

/** Activation kinds, in the order of the `act32` kind argument. */
export const F32_ACTIVATIONS = ['tanh', 'sigmoid', 'relu', 'identity'];

// act32(kind, count, h, out, dphi, res): out = phi(h) (+ res when res != 0), dphi = phi'(h), over `count`
// values rounded up to a multiple of 4 (buffers are padded), all byte offsets.
const actWat = `(func (export "act32") (param $kind i32) (param $count i32) (param $h i32) (param $out i32) (param $dphi i32) (param $res i32)
(local $x v128) (local $z v128) (local $k v128) (local $n v128) (local $r v128) (local $r2 v128) (local $q v128) (local $p v128) (local $e v128) (local $m v128) (local $d v128) (local $y v128) (local $dy v128) (local $end i32)
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

// Four xoshiro128** streams side by side, one per i32x4 lane (the same steps as Rng.nextUint32).
const rotl = (x, k) => `(v128.or (i32x4.shl ${x} (i32.const ${k})) (i32x4.shr_u ${x} (i32.const ${32 - k})))`;
const next32 = (into) => `(local.set ${into} (i32x4.mul ${rotl('(i32x4.mul (local.get $s1) (i32x4.splat (i32.const 5)))', 7)} (i32x4.splat (i32.const 9))))
(local.set $t (i32x4.shl (local.get $s1) (i32.const 9)))
(local.set $s2 (v128.xor (local.get $s2) (local.get $s0)))
(local.set $s3 (v128.xor (local.get $s3) (local.get $s1)))
(local.set $s1 (v128.xor (local.get $s1) (local.get $s2)))
(local.set $s0 (v128.xor (local.get $s0) (local.get $s3)))
(local.set $s2 (v128.xor (local.get $s2) (local.get $t)))
(local.set $s3 ${rotl('(local.get $s3)', 11)})`;
// The polar method's acceptance runs in float64 (two f64x2 halves of the four lanes): u, v and s = u² + v² are
// exactly Rng.normal's, so every stream accepts and rejects the same pairs as float64 and never drifts. The
// factor sqrt(-2 ln s / s) is then formed in float32 for the four lanes at once, so the draws are within a few
// float32 ulps of Rng.normal's (the preview's weights, not the engine's).
const d2 = (x) => `(f64x2.splat (f64.const ${x}))`;
// Lanes 2 and 3 of an i32x4 moved to lanes 0 and 1 (for the *_low conversions).
const high = (x) => `(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${x} ${x})`;
// 2·next() - 1 for two lanes, with next() = ((hi >>> 6)·2^27 + (lo >>> 5)) / 2^53 as Rng.next() computes it:
// scaling an integer below 2^53 by a power of two is exact, so one multiply by 2^-52 gives the same bits.
const signedUniform64 = (hi, lo) => `(f64x2.sub (f64x2.mul (f64x2.add
  (f64x2.mul (f64x2.convert_low_i32x4_u ${hi}) ${d2(134217728)}) (f64x2.convert_low_i32x4_u ${lo})) ${d2(2 ** -52)}) ${d2(1)})`;

// ln s for 0 < s < 1 (float32), given s and d = s - 1 (formed in float64, where it is exact): s = m·2^e with m in
// [sqrt(1/2), sqrt(2)), ln m = 2 atanh(t), t = (m - 1)/(m + 1), to t^9 (truncation below 1e-9 relative). Where
// e = 0, m - 1 is d itself: s rounded to float32 would lose the digits of ln s near s = 1.
const logWat = `(func $log32 (param $x v128) (param $d v128) (result v128) (local $e v128) (local $m v128) (local $big v128) (local $near v128) (local $t v128) (local $t2 v128) (local $p v128)
(local.set $e (i32x4.sub (i32x4.shr_u (local.get $x) (i32.const 23)) (i32x4.splat (i32.const 127))))
(local.set $m (v128.or (v128.and (local.get $x) (i32x4.splat (i32.const 0x7fffff))) (i32x4.splat (i32.const 0x3f800000))))
(local.set $big (f32x4.gt (local.get $m) ${splat(Math.SQRT2)}))
(local.set $m (v128.bitselect (f32x4.mul (local.get $m) ${splat(0.5)}) (local.get $m) (local.get $big)))
(local.set $e (i32x4.sub (local.get $e) (local.get $big)))
(local.set $near (i32x4.eq (local.get $e) (i32x4.splat (i32.const 0))))
(local.set $t (f32x4.div
  (v128.bitselect (local.get $d) (f32x4.sub (local.get $m) ${splat(1)}) (local.get $near))
  (v128.bitselect (f32x4.add (local.get $d) ${splat(2)}) (f32x4.add (local.get $m) ${splat(1)}) (local.get $near))))
(local.set $t2 (f32x4.mul (local.get $t) (local.get $t)))
(local.set $p ${splat(2 / 9)})
${[2 / 7, 2 / 5, 2 / 3, 2].map((c) => `(local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $t2)) ${splat(c)}))`).join('\n')}
(f32x4.add (f32x4.mul (f32x4.convert_i32x4_s (local.get $e)) ${splat(Math.LN2)}) (f32x4.mul (local.get $p) (local.get $t))))`;

// One f64x2 half of the lanes: u, v, s and the accept mask (i64x2); s is 0.5 where rejected (a finite logarithm).
const half = (sfx, pick) => `(local.set $u${sfx} ${signedUniform64(pick('(local.get $uh)'), pick('(local.get $ul)'))})
  (local.set $v${sfx} ${signedUniform64(pick('(local.get $vh)'), pick('(local.get $vl)'))})
  (local.set $s${sfx} (f64x2.add (f64x2.mul (local.get $u${sfx}) (local.get $u${sfx})) (f64x2.mul (local.get $v${sfx}) (local.get $v${sfx}))))
  (local.set $ok${sfx} (v128.and (f64x2.lt (local.get $s${sfx}) ${d2(1)}) (f64x2.ne (local.get $s${sfx}) ${d2(0)})))
  (local.set $s${sfx} (v128.bitselect (local.get $s${sfx}) ${d2(0.5)} (local.get $ok${sfx})))`;

// One lane's accepted pair: u·f then v·f (Rng.normal returns u·f and keeps v·f for the next call).
const storeLane = (lane) => `(if (i32.and (i32x4.extract_lane ${lane} (local.get $ok)) (i32.lt_s (local.get $c${lane}) (local.get $count))) (then
  (f32.store (i32.add (local.get $o${lane}) (i32.shl (local.get $c${lane}) (i32.const 2))) (f32x4.extract_lane ${lane} (local.get $z1)))
  (if (i32.lt_s (i32.add (local.get $c${lane}) (i32.const 1)) (local.get $count)) (then
    (f32.store offset=4 (i32.add (local.get $o${lane}) (i32.shl (local.get $c${lane}) (i32.const 2))) (f32x4.extract_lane ${lane} (local.get $z2)))))
  (local.set $c${lane} (i32.add (local.get $c${lane}) (i32.const 2)))))`;

// The same while every lane has room for a whole pair: no branches (a lane's acceptance is a coin flip the branch
// predictor loses about a third of the time). A rejected lane writes its pair where its next accepted pair will go.
const storeLaneRoomy = (lane) => `(local.set $at (i32.add (local.get $o${lane}) (i32.shl (local.get $c${lane}) (i32.const 2))))
  (f32.store (local.get $at) (f32x4.extract_lane ${lane} (local.get $z1)))
  (f32.store offset=4 (local.get $at) (f32x4.extract_lane ${lane} (local.get $z2)))
  (local.set $c${lane} (i32.add (local.get $c${lane}) (i32.and (i32x4.extract_lane ${lane} (local.get $ok)) (i32.const 2))))`;
const roomy = `(i32.and (i32.and (i32.le_s (local.get $c0) (local.get $last)) (i32.le_s (local.get $c1) (local.get $last)))
    (i32.and (i32.le_s (local.get $c2) (local.get $last)) (i32.le_s (local.get $c3) (local.get $last))))`;

// Lanes 0-1 from a and 2-3 from b, each demoted from f64x2 to float32.
const join32 = (a, b) => `(i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero ${a}) (f32x4.demote_f64x2_zero ${b}))`;

// Rows of candidate pairs made per round of normals4 (each row: the four lanes' u, v, s, s - 1 and accept mask).
export const NORMALS_CHUNK_ROWS = 64;
const ROW_BYTES = 80;
export const NORMALS_SCRATCH_BYTES = NORMALS_CHUNK_ROWS * ROW_BYTES;

// normals4(state, count, std, o0..o3): `count` draws of std·N(0, 1) for each of four streams (Marsaglia's polar
// method, as Rng.fillNormal from a fresh generator), float32, lane i into o_i. state: the 4 × 4 xoshiro words,
// word-major (s0 of streams 0-3, then s1, ...), advanced in place by whole chunks (so past the draws used),
// followed by NORMALS_SCRATCH_BYTES of scratch. Byte offsets. Each round runs three loops over a chunk of rows:
// the generator and the acceptance (a chain through the generator's state), then the factors (independent rows,
// so divisions and square roots overlap), then the stores. In one loop the out-of-order core could not reach the
// next row's generator past the previous row's logarithm, division and square root.
const normalsWat = `(func (export "normals4") (param $st i32) (param $count i32) (param $stdf f64) (param $o0 i32) (param $o1 i32) (param $o2 i32) (param $o3 i32)
(local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $t v128) (local $hi v128) (local $lo v128)
(local $uh v128) (local $ul v128) (local $vh v128) (local $vl v128) (local $std v128)
(local $ua v128) (local $va v128) (local $sa v128) (local $oka v128)
(local $ub v128) (local $vb v128) (local $sb v128) (local $okb v128)
(local $ok v128) (local $s v128) (local $f v128) (local $z1 v128) (local $z2 v128)
(local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $at i32) (local $last i32)
(local $rows i32) (local $row i32) (local $end i32)
(local.set $last (i32.sub (local.get $count) (i32.const 2)))
(local.set $std (f32x4.splat (f32.demote_f64 (local.get $stdf))))
(local.set $s0 (v128.load (local.get $st)))
(local.set $s1 (v128.load offset=16 (local.get $st)))
(local.set $s2 (v128.load offset=32 (local.get $st)))
(local.set $s3 (v128.load offset=48 (local.get $st)))
(local.set $rows (i32.add (local.get $st) (i32.const 64)))
(local.set $end (i32.add (local.get $rows) (i32.const ${NORMALS_SCRATCH_BYTES})))
(block $done (loop $round
  (br_if $done (i32.and (i32.and (i32.ge_s (local.get $c0) (local.get $count)) (i32.ge_s (local.get $c1) (local.get $count)))
    (i32.and (i32.ge_s (local.get $c2) (local.get $count)) (i32.ge_s (local.get $c3) (local.get $count)))))
  (local.set $row (local.get $rows))
  (loop $gen
    ${next32('$hi')}
    ${next32('$lo')}
    (local.set $uh (i32x4.shr_u (local.get $hi) (i32.const 6)))
    (local.set $ul (i32x4.shr_u (local.get $lo) (i32.const 5)))
    ${next32('$hi')}
    ${next32('$lo')}
    (local.set $vh (i32x4.shr_u (local.get $hi) (i32.const 6)))
    (local.set $vl (i32x4.shr_u (local.get $lo) (i32.const 5)))
    ${half('a', (x) => x)}
    ${half('b', high)}
    (v128.store (local.get $row) ${join32('(local.get $ua)', '(local.get $ub)')})
    (v128.store offset=16 (local.get $row) ${join32('(local.get $va)', '(local.get $vb)')})
    (v128.store offset=32 (local.get $row) ${join32('(local.get $sa)', '(local.get $sb)')})
    (v128.store offset=48 (local.get $row) ${join32(`(f64x2.sub (local.get $sa) ${d2(1)})`, `(f64x2.sub (local.get $sb) ${d2(1)})`)})
    (v128.store offset=64 (local.get $row) (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $oka) (local.get $okb)))
    (local.set $row (i32.add (local.get $row) (i32.const ${ROW_BYTES})))
    (br_if $gen (i32.lt_u (local.get $row) (local.get $end))))
  (local.set $row (local.get $rows))
  (loop $factor
    (local.set $s (v128.load offset=32 (local.get $row)))
    (local.set $f (f32x4.mul (local.get $std) (f32x4.sqrt (f32x4.div (f32x4.mul ${splat(-2)}
      (call $log32 (local.get $s) (v128.load offset=48 (local.get $row)))) (local.get $s)))))
    (v128.store (local.get $row) (f32x4.mul (v128.load (local.get $row)) (local.get $f)))
    (v128.store offset=16 (local.get $row) (f32x4.mul (v128.load offset=16 (local.get $row)) (local.get $f)))
    (local.set $row (i32.add (local.get $row) (i32.const ${ROW_BYTES})))
    (br_if $factor (i32.lt_u (local.get $row) (local.get $end))))
  (local.set $row (local.get $rows))
  (loop $store
    (local.set $z1 (v128.load (local.get $row)))
    (local.set $z2 (v128.load offset=16 (local.get $row)))
    (local.set $ok (v128.load offset=64 (local.get $row)))
    (if ${roomy}
      (then ${[0, 1, 2, 3].map(storeLaneRoomy).join('\n      ')})
      (else ${[0, 1, 2, 3].map(storeLane).join('\n      ')}))
    (local.set $row (i32.add (local.get $row) (i32.const ${ROW_BYTES})))
    (br_if $store (i32.lt_u (local.get $row) (local.get $end))))
  (br $round)))
(v128.store (local.get $st) (local.get $s0))
(v128.store offset=16 (local.get $st) (local.get $s1))
(v128.store offset=32 (local.get $st) (local.get $s2))
(v128.store offset=48 (local.get $st) (local.get $s3)))`;

// transpose32(rows, cols, src, dst): dst (cols × rows) = srcᵀ, float32, byte offsets. 4 × 4 blocks of shuffles
// when both sizes are multiples of 4, one float at a time otherwise.
const block4 = `(local.set $a0 (v128.load (local.get $p)))
    (local.set $a1 (v128.load (i32.add (local.get $p) (local.get $srow))))
    (local.set $a2 (v128.load (i32.add (local.get $p) (i32.shl (local.get $srow) (i32.const 1)))))
    (local.set $a3 (v128.load (i32.add (local.get $p) (i32.mul (local.get $srow) (i32.const 3)))))
    (local.set $t0 (i8x16.shuffle SHUF_LO (local.get $a0) (local.get $a1)))
    (local.set $t1 (i8x16.shuffle SHUF_HI (local.get $a0) (local.get $a1)))
    (local.set $t2 (i8x16.shuffle SHUF_LO (local.get $a2) (local.get $a3)))
    (local.set $t3 (i8x16.shuffle SHUF_HI (local.get $a2) (local.get $a3)))
    (v128.store (local.get $q) (i8x16.shuffle SHUF_00 (local.get $t0) (local.get $t2)))
    (v128.store (i32.add (local.get $q) (local.get $drow)) (i8x16.shuffle SHUF_22 (local.get $t0) (local.get $t2)))
    (v128.store (i32.add (local.get $q) (i32.shl (local.get $drow) (i32.const 1))) (i8x16.shuffle SHUF_00 (local.get $t1) (local.get $t3)))
    (v128.store (i32.add (local.get $q) (i32.mul (local.get $drow) (i32.const 3))) (i8x16.shuffle SHUF_22 (local.get $t1) (local.get $t3)))`
  .replaceAll('SHUF_LO', '0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23').replaceAll('SHUF_HI', '8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31').replaceAll('SHUF_00', '0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23').replaceAll('SHUF_22', '8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31');
const transposeWat = `(func (export "transpose32") (param $rows i32) (param $cols i32) (param $src i32) (param $dst i32) (local $r i32) (local $c i32)
(local $p i32) (local $q i32) (local $srow i32) (local $drow i32)
(local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
(if (i32.eqz (i32.and (i32.or (local.get $rows) (local.get $cols)) (i32.const 3))) (then
  (local.set $srow (i32.shl (local.get $cols) (i32.const 2)))
  (local.set $drow (i32.shl (local.get $rows) (i32.const 2)))
  (block $bd (loop $bl
    (br_if $bd (i32.ge_s (local.get $r) (local.get $rows)))
    (local.set $c (i32.const 0))
    (block $cd (loop $cl
      (br_if $cd (i32.ge_s (local.get $c) (local.get $cols)))
      (local.set $p (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2))))
      (local.set $q (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2))))
      ${block4}
      (local.set $c (i32.add (local.get $c) (i32.const 4)))
      (br $cl)))
    (local.set $r (i32.add (local.get $r) (i32.const 4)))
    (br $bl)))
  (return)))
(block $rd (loop $rl
  (br_if $rd (i32.ge_s (local.get $r) (local.get $rows)))
  (local.set $c (i32.const 0))
  (block $cd (loop $cl
    (br_if $cd (i32.ge_s (local.get $c) (local.get $cols)))
    (f32.store (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2)))
      (f32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2)))))
    (local.set $c (i32.add (local.get $c) (i32.const 1)))
    (br $cl)))
  (local.set $r (i32.add (local.get $r) (i32.const 1)))
  (br $rl))))`;

// The per-layer sums of the preview, one pass each over float32 vectors; sums run in float64. Every loop walks
// whole f32x4 vectors (callers pad their buffers to 16 bytes) and masks the lanes at or past `count` with $m.
const LIVE = (left) => `(i32x4.lt_s (v128.const i32x4 0 1 2 3) (i32x4.splat ${left}))`;
const lowF64 = (v) => `(f64x2.promote_low_f32x4 ${v})`;
const highF64 = (v) => `(f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 ${v} ${v}))`;
/** acc (f64x2) += the four lanes of the f32x4 local v. */
const addF64 = (acc, v) => `(local.set ${acc} (f64x2.add (local.get ${acc}) (f64x2.add ${lowF64(`(local.get ${v})`)} ${highF64(`(local.get ${v})`)})))`;
/** acc (f64x2) += the squares, in float64, of the four lanes of the f32x4 local v. */
const addSquaresF64 = (acc, v) => `(local.set $lo (f64x2.promote_low_f32x4 (local.get ${v})))
  (local.set $hi ${highF64(`(local.get ${v})`)})
  (local.set ${acc} (f64x2.add (local.get ${acc}) (f64x2.add (f64x2.mul (local.get $lo) (local.get $lo)) (f64x2.mul (local.get $hi) (local.get $hi)))))`;
const hsum = (acc) => `(f64.add (f64x2.extract_lane 0 (local.get ${acc})) (f64x2.extract_lane 1 (local.get ${acc})))`;
const REDUCE_LOCALS = '(local $left i32) (local $m v128) (local $x v128) (local $acc v128) (local $lo v128) (local $hi v128)';

/** A loop over the vectors of `count` floats: $m masks the live lanes; `pointers` advance by 16 bytes. */
function overVectors(pointers, body) {
  return `(local.set $left (local.get $count))
(block $done (loop $l
  (br_if $done (i32.le_s (local.get $left) (i32.const 0)))
  (local.set $m ${LIVE('(local.get $left)')})
  ${body}
  ${pointers.map((p) => `(local.set ${p} (i32.add (local.get ${p}) (i32.const 16)))`).join('\n  ')}
  (local.set $left (i32.sub (local.get $left) (i32.const 4)))
  (br $l)))`;
}

// sumsq32(count, p) -> Σ p[i]².
const sumsqWat = `(func (export "sumsq32") (param $count i32) (param $p i32) (result f64) ${REDUCE_LOCALS}
${overVectors(['$p'], `(local.set $x (v128.and (v128.load (local.get $p)) (local.get $m)))
  ${addSquaresF64('$acc', '$x')}`)}
${hsum('$acc')})`;

// scaledProduct32(count, a, b, s, out) -> Σ out[i]²: out = a·b·s elementwise (the backward pass's δ = φ'(h)·g).
const scaledProductWat = `(func (export "scaledProduct32") (param $count i32) (param $a i32) (param $b i32) (param $s f32) (param $out i32) (result f64) ${REDUCE_LOCALS}
${overVectors(['$a', '$b', '$out'], `(local.set $x (f32x4.mul (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b))) (f32x4.splat (local.get $s))))
  (v128.store (local.get $out) (local.get $x))
  (local.set $x (v128.and (local.get $x) (local.get $m)))
  ${addSquaresF64('$acc', '$x')}`)}
${hsum('$acc')})`;

// addScaled32(count, u, c, g) -> Σ u[i]²: u += c·g (the skip connection's gradient joins the layer's).
const addScaledWat = `(func (export "addScaled32") (param $count i32) (param $u i32) (param $c f32) (param $g i32) (result f64) ${REDUCE_LOCALS}
${overVectors(['$u', '$g'], `(local.set $x (f32x4.add (v128.load (local.get $u)) (f32x4.mul (v128.load (local.get $g)) (f32x4.splat (local.get $c)))))
  (v128.store (local.get $u) (local.get $x))
  (local.set $x (v128.and (local.get $x) (local.get $m)))
  ${addSquaresF64('$acc', '$x')}`)}
${hsum('$acc')})`;

// columnSumsSq32(rows, cols, p) -> Σ_c (Σ_r p[r·cols + c])²: the squared norm of a bias gradient (row-major p).
const columnSumsSqWat = `(func (export "columnSumsSq32") (param $rows i32) (param $cols i32) (param $p i32) (result f64) ${REDUCE_LOCALS}
(local $count i32) (local $q i32) (local $r i32) (local $stride i32)
(local.set $count (local.get $cols))
(local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
${overVectors(['$p'], `(local.set $x (v128.const i32x4 0 0 0 0))
  (local.set $q (local.get $p))
  (local.set $r (local.get $rows))
  (block $rdone (loop $rl
    (br_if $rdone (i32.eqz (local.get $r)))
    (local.set $x (f32x4.add (local.get $x) (v128.load (local.get $q))))
    (local.set $q (i32.add (local.get $q) (local.get $stride)))
    (local.set $r (i32.sub (local.get $r) (i32.const 1)))
    (br $rl)))
  (local.set $x (v128.and (local.get $x) (local.get $m)))
  ${addSquaresF64('$acc', '$x')}`)}
${hsum('$acc')})`;

// sums32(count, p, out): float64 out[0..1] = Σx, Σx² (not finite when some x is not).
const sumsWat = `(func (export "sums32") (param $count i32) (param $p i32) (param $out i32) ${REDUCE_LOCALS}
(local $sq v128)
${overVectors(['$p'], `(local.set $x (v128.and (v128.load (local.get $p)) (local.get $m)))
  ${addF64('$acc', '$x')}
  ${addSquaresF64('$sq', '$x')}`)}
(f64.store (local.get $out) ${hsum('$acc')})
(f64.store offset=8 (local.get $out) ${hsum('$sq')}))`;

// moments32(count, p, out): float64 out[0..4] = Σx, Σx², min, max over the finite values, and how many are not.
const momentsWat = `(func (export "moments32") (param $count i32) (param $p i32) (param $out i32) ${REDUCE_LOCALS}
(local $ok v128) (local $sq v128) (local $finite v128) (local $min v128) (local $max v128)
(local.set $min ${splat("inf")})
(local.set $max ${splat("-inf")})
${overVectors(['$p'], `(local.set $x (v128.load (local.get $p)))
  (local.set $ok (v128.and (f32x4.eq (f32x4.sub (local.get $x) (local.get $x)) ${splat(0)}) (local.get $m)))
  (local.set $finite (i32x4.sub (local.get $finite) (local.get $ok)))
  (local.set $min (f32x4.pmin (local.get $min) (v128.bitselect (local.get $x) ${splat("inf")} (local.get $ok))))
  (local.set $max (f32x4.pmax (local.get $max) (v128.bitselect (local.get $x) ${splat("-inf")} (local.get $ok))))
  (local.set $x (v128.and (local.get $x) (local.get $ok)))
  ${addF64('$acc', '$x')}
  ${addSquaresF64('$sq', '$x')}`)}
(f64.store (local.get $out) ${hsum('$acc')})
(f64.store offset=8 (local.get $out) ${hsum('$sq')})
(f64.store offset=16 (local.get $out) (f64.promote_f32 (f32.min
  (f32.min (f32x4.extract_lane 0 (local.get $min)) (f32x4.extract_lane 1 (local.get $min)))
  (f32.min (f32x4.extract_lane 2 (local.get $min)) (f32x4.extract_lane 3 (local.get $min))))))
(f64.store offset=24 (local.get $out) (f64.promote_f32 (f32.max
  (f32.max (f32x4.extract_lane 0 (local.get $max)) (f32x4.extract_lane 1 (local.get $max)))
  (f32.max (f32x4.extract_lane 2 (local.get $max)) (f32x4.extract_lane 3 (local.get $max))))))
(f64.store offset=32 (local.get $out) (f64.convert_i32_s (i32.sub (local.get $count) (i32.add
  (i32.add (i32x4.extract_lane 0 (local.get $finite)) (i32x4.extract_lane 1 (local.get $finite)))
  (i32.add (i32x4.extract_lane 2 (local.get $finite)) (i32x4.extract_lane 3 (local.get $finite))))))))`;

// absBelow32(count, p, threshold, out): float64 out[0..1] = Σ|x| and how many |x| < threshold, the comparison exact
// although made in float32: with t the float32 nearest the threshold, the float32 values below the threshold are
// those below t when t is above it (or equal), and those up to t when t is below it.
const absBelowWat = `(func (export "absBelow32") (param $count i32) (param $p i32) (param $threshold f64) (param $out i32) ${REDUCE_LOCALS}
(local $below v128) (local $t v128) (local $inclusive v128) (local $tf f32)
(local.set $tf (f32.demote_f64 (local.get $threshold)))
(local.set $t (f32x4.splat (local.get $tf)))
(local.set $inclusive (i32x4.splat (i32.sub (i32.const 0) (f64.lt (f64.promote_f32 (local.get $tf)) (local.get $threshold)))))
${overVectors(['$p'], `(local.set $x (v128.and (f32x4.abs (v128.load (local.get $p))) (local.get $m)))
  ${addF64('$acc', '$x')}
  (local.set $below (i32x4.sub (local.get $below) (v128.and (local.get $m) (v128.or (f32x4.lt (local.get $x) (local.get $t))
    (v128.and (f32x4.eq (local.get $x) (local.get $t)) (local.get $inclusive))))))`)}
(f64.store (local.get $out) ${hsum('$acc')})
(f64.store offset=8 (local.get $out) (f64.convert_i32_s (i32.add
  (i32.add (i32x4.extract_lane 0 (local.get $below)) (i32x4.extract_lane 1 (local.get $below)))
  (i32.add (i32x4.extract_lane 2 (local.get $below)) (i32x4.extract_lane 3 (local.get $below)))))))`;

// histogram32(count, p, min, scale, bins, out): int32 out[b] += 1 for each finite x with
// b = min(bins - 1, trunc((x - min)·scale)), in float32 with min and scale rounded to float32 (every x >= min, so
// the truncation is the floor). A value within a float32 rounding of a bin edge may land one bin over from the
// float64 analysis's bin. Skipped lanes add 0 to bin 0.
const histogramWat = `(func (export "histogram32") (param $count i32) (param $p i32) (param $minf f64) (param $scalef f64) (param $bins i32) (param $out i32) ${REDUCE_LOCALS}
(local $min v128) (local $scale v128) (local $top v128) (local $ok v128) (local $bin v128) (local $one v128) (local $at i32)
(local.set $min (f32x4.splat (f32.demote_f64 (local.get $minf))))
(local.set $scale (f32x4.splat (f32.demote_f64 (local.get $scalef))))
(local.set $top (i32x4.splat (i32.sub (local.get $bins) (i32.const 1))))
${overVectors(['$p'], `(local.set $x (v128.load (local.get $p)))
  (local.set $ok (v128.and (f32x4.eq (f32x4.sub (local.get $x) (local.get $x)) ${splat(0)}) (local.get $m)))
  (local.set $bin (i32x4.trunc_sat_f32x4_s (f32x4.mul (f32x4.sub (local.get $x) (local.get $min)) (local.get $scale))))
  (local.set $bin (v128.and (i32x4.min_s (local.get $bin) (local.get $top)) (local.get $ok)))
  (local.set $one (v128.and (local.get $ok) (i32x4.splat (i32.const 1))))
  ${[0, 1, 2, 3].map((lane) => `(local.set $at (i32.add (local.get $out) (i32.shl (i32x4.extract_lane ${lane} (local.get $bin)) (i32.const 2))))
  (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32x4.extract_lane ${lane} (local.get $one))))`).join('\n  ')}`)})`;

export function f32KernelsWat(fma) {
  return `(module
(memory (export "memory") 1)
${gemmWat(fma)}
${actWat}
${logWat}
${normalsWat}
${transposeWat}
${sumsqWat}
${scaledProductWat}
${addScaledWat}
${columnSumsSqWat}
${sumsWat}
${momentsWat}
${absBelowWat}
${histogramWat})
`;
}
