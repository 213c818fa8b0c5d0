// lessons/grid.js — small helpers shared by the lessons: the lecture's golden data and a number grid.

// The lecture's 6×6 binary image and its two 3×3 filters (DESIGN.md "Golden values").
export const IMAGE_6X6 = ['100001', '010010', '001100', '100010', '010010', '001010'].map((row) => [...row].map(Number));
export const FILTERS = {
  1: [[1, -1, -1], [-1, 1, -1], [-1, -1, 1]],
  2: [[-1, 1, -1], [-1, 1, -1], [-1, 1, -1]],
};

// Valid cross-correlation (what CNNs call convolution), no padding:
// out[i][j] = Σ_{u,v} image[i·s + u][j·s + v] · filter[u][v], for i, j in [0, (H − k)/s].
export function convolve(image, filter, stride) {
  const k = filter.length;
  const n = Math.floor((image.length - k) / stride) + 1;
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
    let sum = 0;
    for (let u = 0; u < k; u++) for (let v = 0; v < k; v++) sum += image[i * stride + u][j * stride + v] * filter[u][v];
    return sum;
  }));
}

// Max pooling, size × size windows moved by `size`: out[i][j] = max of its window.
export function maxPool(grid, size) {
  const n = Math.floor(grid.length / size);
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
    let best = -Infinity;
    for (let u = 0; u < size; u++) for (let v = 0; v < size; v++) best = Math.max(best, grid[i * size + u][j * size + v]);
    return best;
  }));
}

// A grid of numbers as a table-like block; mark(i, j) → extra class names ('on', 'window', 'current').
export function renderGrid(grid, { caption, mark = () => '', blank = () => false, testid } = {}) {
  const figure = document.createElement('figure');
  figure.className = 'grid-block';
  figure.style.margin = '0';
  const cells = document.createElement('div');
  cells.className = 'grid-figure';
  cells.setAttribute('role', 'table');
  if (caption) cells.setAttribute('aria-label', caption);
  if (testid) cells.dataset.testid = testid;
  cells.style.gridTemplateColumns = `repeat(${grid[0]?.length ?? 1}, 2rem)`;
  grid.forEach((row, i) => {
    const tr = document.createElement('div');
    tr.setAttribute('role', 'row');
    tr.style.display = 'contents';
    row.forEach((value, j) => {
      const cell = document.createElement('span');
      cell.setAttribute('role', 'cell');
      cell.className = `cell ${mark(i, j, value)}`.trim();
      cell.textContent = blank(i, j) ? '' : String(value);
      tr.append(cell);
    });
    cells.append(tr);
  });
  figure.append(cells);
  if (caption) {
    const fc = document.createElement('figcaption');
    fc.className = 'grid-caption';
    fc.textContent = caption;
    figure.append(fc);
  }
  return figure;
}
