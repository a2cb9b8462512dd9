// Writes the WebAssembly text of the engine's float64 matrix-multiply kernel (see src/engine/kernels/gemmWasm.ts).
//
// gemm(m, n, k, a, sar, sap, b, c, bias): C = A·B + bias per column, with A (m×k) read through byte strides
// (element (i, p) at a + i·sar + p·sap, so a transposed A needs no copy), B (k×n) and C (m×n) row-major and
// bias (n), all at byte offsets of the module's memory. Every element is summed exactly as the
// JavaScript kernel sums it (from 0, in increasing p, each product rounded, then the bias added), so the
// two give the same bits; SIMD only computes two neighbouring columns at once.
//
// Blocks: 2 rows × 8 columns (8 f64x2 accumulators: the fastest shape measured on V8), then 2-column
// and single-column edges, then the last odd row with the same three shapes.

const ROW_BLOCK = 2;
const WIDE_VECTORS = 4; // 4 × f64x2 = 8 columns

function vectorBlock(rows, vectors) {
  const acc = (r, v) => `$c${r}_${v}`;
  const out = [];
  for (let r = 0; r < rows; r++) for (let v = 0; v < vectors; v++) out.push(`(local.set ${acc(r, v)} (v128.const i64x2 0 0))`);
  for (let r = 0; r < rows; r++) out.push(`(local.set $ap${r} (i32.add (local.get $a) (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $sar))))`);
  out.push('(local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))');
  out.push('(local.set $p (local.get $k))');
  const body = [];
  for (let v = 0; v < vectors; v++) body.push(`(local.set $b${v} (v128.load offset=${16 * v} (local.get $bp)))`);
  for (let r = 0; r < rows; r++) {
    body.push(`(local.set $av (v128.load64_splat (local.get $ap${r})))`);
    for (let v = 0; v < vectors; v++) {
      body.push(`(local.set ${acc(r, v)} (f64x2.add (local.get ${acc(r, v)}) (f64x2.mul (local.get $av) (local.get $b${v}))))`);
    }
    body.push(`(local.set $ap${r} (i32.add (local.get $ap${r}) (local.get $sap)))`);
  }
  body.push('(local.set $bp (i32.add (local.get $bp) (local.get $ldb)))');
  out.push(kLoop(body));
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < vectors; v++) {
      const at = `(i32.add (local.get $c) (i32.shl (i32.add (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $n)) (local.get $j)) (i32.const 3)))`;
      const bias = `(v128.load offset=${16 * v} (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 3))))`;
      out.push(`(v128.store offset=${16 * v} ${at} (f64x2.add (local.get ${acc(r, v)}) ${bias}))`);
    }
  }
  return out.join('\n');
}

function scalarColumn(rows) {
  const out = [];
  for (let r = 0; r < rows; r++) out.push(`(local.set $s${r} (f64.const 0))`);
  for (let r = 0; r < rows; r++) out.push(`(local.set $ap${r} (i32.add (local.get $a) (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $sar))))`);
  out.push('(local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))');
  out.push('(local.set $p (local.get $k))');
  const body = ['(local.set $bs (f64.load (local.get $bp)))'];
  for (let r = 0; r < rows; r++) {
    body.push(`(local.set $s${r} (f64.add (local.get $s${r}) (f64.mul (f64.load (local.get $ap${r})) (local.get $bs))))`);
    body.push(`(local.set $ap${r} (i32.add (local.get $ap${r}) (local.get $sap)))`);
  }
  body.push('(local.set $bp (i32.add (local.get $bp) (local.get $ldb)))');
  out.push(kLoop(body));
  for (let r = 0; r < rows; r++) {
    const at = `(i32.add (local.get $c) (i32.shl (i32.add (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $n)) (local.get $j)) (i32.const 3)))`;
    out.push(`(f64.store ${at} (f64.add (local.get $s${r}) (f64.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 3))))))`);
  }
  return out.join('\n');
}

/** The reduction over p, counted down from k; zero iterations when k = 0. */
function kLoop(body) {
  return `(block $kdone (loop $k
  (br_if $kdone (i32.eqz (local.get $p)))
  ${body.join('\n  ')}
  (local.set $p (i32.sub (local.get $p) (i32.const 1)))
  (br $k)))`;
}

/** All columns of the rows starting at $i: 8-wide blocks, then 2-wide, then a last single column. */
function rowPanel(rows) {
  return `(local.set $j (i32.const 0))
(block $wdone (loop $w
  (br_if $wdone (i32.gt_s (i32.add (local.get $j) (i32.const ${2 * WIDE_VECTORS})) (local.get $n)))
  ${vectorBlock(rows, WIDE_VECTORS)}
  (local.set $j (i32.add (local.get $j) (i32.const ${2 * WIDE_VECTORS})))
  (br $w)))
(block $pdone (loop $pair
  (br_if $pdone (i32.gt_s (i32.add (local.get $j) (i32.const 2)) (local.get $n)))
  ${vectorBlock(rows, 1)}
  (local.set $j (i32.add (local.get $j) (i32.const 2)))
  (br $pair)))
(if (i32.lt_s (local.get $j) (local.get $n)) (then
  ${scalarColumn(rows)}))`;
}

export function gemmWat() {
  const locals = ['(local $i i32) (local $j i32) (local $p i32) (local $bp i32) (local $ldb i32)'];
  for (let r = 0; r < ROW_BLOCK; r++) locals.push(`(local $ap${r} i32) (local $s${r} f64)`);
  for (let r = 0; r < ROW_BLOCK; r++) for (let v = 0; v < WIDE_VECTORS; v++) locals.push(`(local $c${r}_${v} v128)`);
  for (let v = 0; v < WIDE_VECTORS; v++) locals.push(`(local $b${v} v128)`);
  locals.push('(local $av v128) (local $bs f64)');
  return `(func (export "gemm") (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $sar i32) (param $sap i32) (param $b i32) (param $c i32) (param $bias i32)
${locals.join('\n')}
(local.set $ldb (i32.shl (local.get $n) (i32.const 3)))
(local.set $i (i32.const 0))
(block $rdone (loop $rows
  (br_if $rdone (i32.gt_s (i32.add (local.get $i) (i32.const ${ROW_BLOCK})) (local.get $m)))
  ${rowPanel(ROW_BLOCK)}
  (local.set $i (i32.add (local.get $i) (i32.const ${ROW_BLOCK})))
  (br $rows)))
(if (i32.lt_s (local.get $i) (local.get $m)) (then
  ${rowPanel(1)})))
`;
}
