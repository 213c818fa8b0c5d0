// lessons/grid.js — small helpers shared by the lessons: the lecture's golden data and a number grid.

// The lecture's 6×6 binary image and its two 3×3 filters (DESIGN.md "Golden values").
export const IMAGE_6X6 = ['100001', '010010', '001100', '100010', '010010', '001010'].map((row) => [...row].map(Number));
export const FILTERS = {
  1: [[1, -1, -1], [-1, 1, -1], [-1, -1, 1]],
  2: [[-1, 1, -1], [-1, 1, -1], [-1, 1, -1]],
};

// A grid of numbers as a table-like block; mark(i, j) → extra class names ('on', 'pad', 'window',
// 'current', 'alt' for every other pooling window); wide cells hold decimals such as 0.25.
export function renderGrid(grid, { caption, mark = () => '', blank = () => false, testid, wide = false } = {}) {
  const figure = document.createElement('figure');
  figure.className = 'grid-block';
  figure.style.margin = '0';
  const cells = document.createElement('div');
  cells.className = 'grid-figure';
  cells.setAttribute('role', 'table');
  if (caption) cells.setAttribute('aria-label', caption);
  if (testid) cells.dataset.testid = testid;
  cells.style.gridTemplateColumns = `repeat(${grid[0]?.length ?? 1}, ${wide ? '3rem' : '2rem'})`;
  if (wide) cells.classList.add('wide');
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
