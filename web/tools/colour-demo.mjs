// colour-demo.mjs — seeded procedural colour demo sets: drawn objects on cluttered backgrounds.
//
// Design (why the pictures look the way they do):
// - The class is the object's SHAPE only. Every other property is drawn at random, independently
//   of the class and from the same ranges for every class: the object's colour (any hue, always
//   saturated), its size (about 11–20 px across in a 32×32 picture), a small tilt, and its
//   position (anywhere it fits); and the background (a two-colour gradient of muted colours, smooth
//   value noise, soft blurred blobs and thin lines, plus pixel noise). So neither colour, size,
//   position nor background gives the answer away, and a net must recognise the object by its
//   local pattern (corners, curves, points, petals, a stem) wherever it sits — the situation where
//   a convolution's small kernels, shared across positions, beat a fully-connected net that has
//   to learn every position anew. Objects stay nearly upright (tilt ±15° or ±30°) because turning
//   them is not the lecture's point and makes the task much slower to learn for any small net.
// - Objects are filled polygons, circles and unions of circles, tested in the object's own unit
//   frame (inverse rotation and scale), with 4×4 supersampling inside the object's bounding box
//   for smooth edges. The object's colours keep a minimum distance from the background under it,
//   so every object is visible.
// - Deterministic: one random stream per image, seeded from (set seed, image index), so an
//   image depends only on the seed and its index and any prefix of a set is the same at any
//   count. Held-out samples use another seed, so they are never copies of training images.
// - Labels cycle 0, 1, …, K−1, 0, 1, … so every prefix is class-balanced.
// Speed: both sets (2,236 images of 32×32) take about 1.5 s of CPU in Node.

// The sets the site ships, in menu order (the two-class one first, like the lecture's ants and
// bees). Names in both languages; the descriptions say why colours are random.
export const COLOUR_SETS = {
  'apples-flowers': {
    name: { en: 'Apples vs flowers (colour)', zh: '苹果与花（彩色）' },
    description: {
      en: 'Drawn apples and flowers of random colours and sizes, slightly tilted, anywhere on a busy background. A two-class task like the lecture’s ants and bees; colour gives nothing away.',
      zh: '随机颜色和大小、略微倾斜的手绘苹果和花，出现在杂乱背景的任意位置。像课上的“蚂蚁与蜜蜂”一样的二分类；颜色不泄露答案。',
    },
    classes: [
      { key: 'apple', en: 'apple', zh: '苹果' },
      { key: 'flower', en: 'flower', zh: '花' },
    ],
    radius: [5.5, 10],
    tilt: 30,
    perClass: 500,
    heldoutPerClass: 8,
  },
  shapes: {
    name: { en: 'Shapes (colour)', zh: '形状（彩色）' },
    description: {
      en: 'Circles, squares, triangles and stars of random colours and sizes, slightly tilted, anywhere on a busy background. Only the shape tells the class.',
      zh: '随机颜色和大小、略微倾斜的圆形、正方形、三角形和星形，出现在杂乱背景的任意位置。只有形状能说明类别。',
    },
    classes: [
      { key: 'circle', en: 'circle', zh: '圆形' },
      { key: 'square', en: 'square', zh: '正方形' },
      { key: 'triangle', en: 'triangle', zh: '三角形' },
      { key: 'star', en: 'star', zh: '星形' },
    ],
    radius: [5.5, 9.5],
    tilt: 15,
    perClass: 300,
    heldoutPerClass: 5,
  },
};

export const SIZE = 32;
const SUPER = 4;  // supersamples per pixel side

// Murmur3's 32-bit finaliser: every input bit flips each output bit with probability ~1/2.
function mix32(x) {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

// A Weyl sequence through the mixer (as SplitMix does). Not a linear generator such as xorshift:
// with one, images whose seeds share low bits (here: the same class) share biases in every value
// drawn — a first version had class-dependent mean background colours that way.
export function makeRng(seed) {
  let state = mix32(seed >>> 0);
  const next = () => {
    state = (state + 0x9e3779b9) >>> 0;
    return mix32(state) / 4294967296;
  };
  return { next, range: (lo, hi) => lo + (hi - lo) * next(), int: (n) => Math.floor(next() * n) };
}

// Hue, saturation, value in [0, 1] → [r, g, b] in [0, 1].
function hsv(h, s, v) {
  const f = (n) => {
    const k = (n + h * 6) % 6;
    return v - v * s * Math.max(0, Math.min(k, 4 - k, 1));
  };
  return [f(5), f(3), f(1)];
}

// Objects: saturated colours of any hue. Backgrounds: muted ones (the ranges meet at 0.45), so
// an object stands out by its colour without the colour saying which object it is.
function objectColour(rng) {
  return hsv(rng.next(), rng.range(0.45, 1), rng.range(0.35, 1));
}

function mutedColour(rng) {
  return hsv(rng.next(), rng.range(0, 0.45), rng.range(0.2, 0.95));
}

// ---- Shapes in the unit frame (object radius 1, centred on 0). Each returns a part index:
// 0 outside, 1 body, 2 a second part drawn in the second colour (flower centre, apple stem/leaf).

// Crossing-number test of a point against a closed polygon [[x, y], …].
function inPolygon(x, y, poly) {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const xi = poly[i][0];
    const yi = poly[i][1];
    const xj = poly[j][0];
    const yj = poly[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function regular(n, radius, phase = -Math.PI / 2) {
  return Array.from({ length: n }, (_, i) => {
    const a = phase + (2 * Math.PI * i) / n;
    return [radius * Math.cos(a), radius * Math.sin(a)];
  });
}

const SQUARE = regular(4, 1.25, Math.PI / 4);
const TRIANGLE = regular(3, 1.5);
const STAR = Array.from({ length: 10 }, (_, i) => {
  const a = -Math.PI / 2 + (Math.PI * i) / 5;
  const r = i % 2 === 0 ? 1.45 : 0.6;
  return [r * Math.cos(a), r * Math.sin(a)];
});

const SHAPES = {
  circle: { extent: 1, part: (x, y) => (x * x + y * y <= 1 ? 1 : 0) },
  square: { extent: 1.25, part: (x, y) => (inPolygon(x, y, SQUARE) ? 1 : 0) },
  triangle: { extent: 1.5, part: (x, y) => (inPolygon(x, y, TRIANGLE) ? 1 : 0) },
  star: { extent: 1.45, part: (x, y) => (inPolygon(x, y, STAR) ? 1 : 0) },
  // A round body with a dent on top, a stem and a leaf (stem and leaf in the second colour).
  apple: {
    extent: 1.45,
    part: (x, y) => {
      const leafX = x - 0.38;
      const leafY = y + 1.08;
      const lu = 0.8 * leafX + 0.6 * leafY;  // leaf: an ellipse tilted 37°
      const lv = -0.6 * leafX + 0.8 * leafY;
      if ((lu * lu) / 0.16 + (lv * lv) / 0.03 <= 1) return 2;
      if (Math.abs(x + 0.02) <= 0.09 && y >= -1.35 && y <= -0.7) return 2;
      const dent = x * x + (y + 1.08) * (y + 1.08) <= 0.12;
      const body = x * x + 1.1 * (y - 0.05) * (y - 0.05) <= 1 || (x - 0.35) ** 2 + (y + 0.2) ** 2 <= 0.55 || (x + 0.35) ** 2 + (y + 0.2) ** 2 <= 0.55;
      return body && !dent ? 1 : 0;
    },
  },
  // Petals (circles on a ring) around a centre disc of the second colour.
  // Petal size shrinks as their number grows, so every flower covers about the same area.
  flower: {
    extent: 1.15,
    part: (x, y, petals) => {
      if (x * x + y * y <= 0.1) return 2;
      const r2 = 0.78 / petals.length;
      for (const [px, py] of petals) if ((x - px) ** 2 + (y - py) ** 2 <= r2) return 1;
      return 0;
    },
    extra: (rng) => regular(5 + rng.int(3), 0.75, rng.range(0, Math.PI)),
  },
};

// Each shape's area in its unit frame (a 200×200 grid over [−2, 2]², the flower at 6 petals): a
// shape is scaled by √(π / area), so all cover the area of the unit circle and the amount of
// object colour in a picture says nothing about the class (it shifts the picture's mean colour).
for (const shape of Object.values(SHAPES)) {
  const extra = shape.extra ? regular(6, 0.75) : undefined;
  let inside = 0;
  for (let i = 0; i < 200; i++) {
    for (let j = 0; j < 200; j++) if (shape.part(-2 + (i + 0.5) / 50, -2 + (j + 0.5) / 50, extra) > 0) inside++;
  }
  shape.scale = Math.sqrt(Math.PI / ((inside / 40000) * 16));
}

// ---- Background: gradient + value noise + soft blobs + thin lines + pixel noise. rgb: (3, H, W).
function drawBackground(rng, rgb, size) {
  const plane = size * size;
  const c1 = mutedColour(rng);
  const c2 = mutedColour(rng);
  const angle = rng.range(0, 2 * Math.PI);
  const dx = Math.cos(angle) / size;
  const dy = Math.sin(angle) / size;
  const grid = 5;  // value noise on a 5×5 lattice, bilinear: smooth texture, no edges
  const lattice = Array.from({ length: 3 * grid * grid }, () => rng.range(-0.12, 0.12));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const t = Math.min(1, Math.max(0, 0.5 + (x - size / 2) * dx + (y - size / 2) * dy));
      const gx = (x / size) * (grid - 1);
      const gy = (y / size) * (grid - 1);
      const ix = Math.floor(gx);
      const iy = Math.floor(gy);
      const fx = gx - ix;
      const fy = gy - iy;
      for (let c = 0; c < 3; c++) {
        const base = c * grid * grid + iy * grid + ix;  // ix, iy ≤ grid − 2, so +1 and +grid stay inside
        const top = (1 - fx) * lattice[base] + fx * lattice[base + 1];
        const bottom = (1 - fx) * lattice[base + grid] + fx * lattice[base + grid + 1];
        const noise = (1 - fy) * top + fy * bottom;
        rgb[c * plane + y * size + x] = c1[c] * (1 - t) + c2[c] * t + noise;
      }
    }
  }
  const blobs = 2 + rng.int(3);
  for (let b = 0; b < blobs; b++) {
    const colour = mutedColour(rng);
    const bx = rng.range(0, size);
    const by = rng.range(0, size);
    const sigma = rng.range(2, 6);
    const alpha = rng.range(0.3, 0.7);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const w = alpha * Math.exp(-((x - bx) ** 2 + (y - by) ** 2) / (2 * sigma * sigma));
        for (let c = 0; c < 3; c++) rgb[c * plane + y * size + x] += w * (colour[c] - rgb[c * plane + y * size + x]);
      }
    }
  }
  const lines = rng.int(3);
  for (let l = 0; l < lines; l++) {
    const colour = mutedColour(rng);
    const a = rng.range(0, Math.PI);
    const nx = Math.cos(a);
    const ny = Math.sin(a);
    const offset = rng.range(-size / 3, size / 3);
    const alpha = rng.range(0.25, 0.5);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const d = Math.abs((x - size / 2) * nx + (y - size / 2) * ny - offset);
        const w = alpha * Math.max(0, 1 - d);  // about one pixel wide, anti-aliased
        for (let c = 0; c < 3; c++) rgb[c * plane + y * size + x] += w * (colour[c] - rgb[c * plane + y * size + x]);
      }
    }
  }
}

function colourDistance(a, b) {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

// One image of `shapeKey` into `out` (uint8, (3, size, size)).
function drawImage(rng, shapeKey, { radius: [radiusLo, radiusHi], tilt }, size, out) {
  const plane = size * size;
  const rgb = new Float32Array(3 * plane);
  drawBackground(rng, rgb, size);
  const shape = SHAPES[shapeKey];
  const extra = shape.extra ? shape.extra(rng) : undefined;
  // The same radius range for every shape, at equal areas, so size says nothing either.
  const radius = (rng.range(radiusLo, radiusHi) * shape.scale * size) / SIZE;
  const reach = Math.min(size / 2, radius * shape.extent);
  const cx = rng.range(reach, size - reach);
  const cy = rng.range(reach, size - reach);
  const angle = (rng.range(-tilt, tilt) * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // Mean background under the object, so its colours can be kept visible against it.
  const under = [0, 0, 0];
  const x0 = Math.max(0, Math.floor(cx - reach));
  const x1 = Math.min(size - 1, Math.ceil(cx + reach));
  const y0 = Math.max(0, Math.floor(cy - reach));
  const y1 = Math.min(size - 1, Math.ceil(cy + reach));
  let n = 0;
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++, n++) for (let c = 0; c < 3; c++) under[c] += rgb[c * plane + y * size + x];
  for (let c = 0; c < 3; c++) under[c] /= n;
  const pick = (avoid) => {
    let colour = objectColour(rng);
    for (let tries = 0; tries < 20 && avoid.some((a) => colourDistance(colour, a) < 0.45); tries++) colour = objectColour(rng);
    return colour;
  };
  const body = pick([under]);
  const second = pick([under, body]);
  const step = 1 / SUPER;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const cover = [0, 0, 0];
      for (let sy = 0; sy < SUPER; sy++) {
        for (let sx = 0; sx < SUPER; sx++) {
          const px = x + (sx + 0.5) * step - cx;
          const py = y + (sy + 0.5) * step - cy;
          // Inverse rotation and scale into the unit frame.
          const ux = (cos * px + sin * py) / radius;
          const uy = (-sin * px + cos * py) / radius;
          cover[shape.part(ux, uy, extra)] += 1;
        }
      }
      const total = SUPER * SUPER;
      for (let c = 0; c < 3; c++) {
        const i = c * plane + y * size + x;
        rgb[i] = (cover[0] * rgb[i] + cover[1] * body[c] + cover[2] * second[c]) / total;
      }
    }
  }
  for (let i = 0; i < rgb.length; i++) {
    const v = rgb[i] + rng.range(-0.04, 0.04);
    out[i] = Math.round(255 * Math.min(1, Math.max(0, v)));
  }
}

// count images of a set, labels cycling through its classes. → {pixels: Uint8Array N·3·H·W, labels}
export function generate(setId, count, seed, size = SIZE) {
  const set = COLOUR_SETS[setId];
  if (!set) throw new Error(`colour demo "${setId}" does not exist (have: ${Object.keys(COLOUR_SETS).join(', ')})`);
  if (!(Number.isInteger(count) && count >= 0)) throw new Error(`colour demo "${setId}": count must be a whole number ≥ 0, got ${count}`);
  const k = set.classes.length;
  const imageSize = 3 * size * size;
  const pixels = new Uint8Array(count * imageSize);
  const labels = new Array(count);
  for (let n = 0; n < count; n++) {
    labels[n] = n % k;
    // One stream per image, from the set's seed and the image's index.
    const rng = makeRng(mix32(seed + 0x51ed27) ^ (n + 1));
    drawImage(rng, set.classes[labels[n]].key, set, size, pixels.subarray(n * imageSize, (n + 1) * imageSize));
  }
  return { pixels, labels };
}

// The train and held-out parts of a set as the site ships them.
export const TRAIN_SEED = 1;
export const HELDOUT_SEED = 2;
export function buildColourSet(setId) {
  const set = COLOUR_SETS[setId];
  if (!set) throw new Error(`colour demo "${setId}" does not exist (have: ${Object.keys(COLOUR_SETS).join(', ')})`);
  const k = set.classes.length;
  const train = generate(setId, set.perClass * k, TRAIN_SEED);
  const heldout = generate(setId, set.heldoutPerClass * k, HELDOUT_SEED);
  return { set, train, heldout };
}
