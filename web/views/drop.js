// views/drop.js — files (and whole folders) from a drag-and-drop, grouped by the folder they came from.

// → [{folder: string | null, files: File[]}]: a dropped folder of sub-folders (the ImageFolder layout,
// e.g. hymenoptera/ants, hymenoptera/bees) gives one group per sub-folder; loose files give folder null.
export async function filesFromDrop(dataTransfer) {
  const entries = [...(dataTransfer.items ?? [])]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.())
    .filter(Boolean);
  if (!entries.length) return [{ folder: null, files: [...(dataTransfer.files ?? [])] }];
  const groups = new Map();
  const add = (folder, file) => {
    if (!groups.has(folder)) groups.set(folder, []);
    groups.get(folder).push(file);
  };
  for (const entry of entries) {
    if (entry.isFile) add(null, await fileOf(entry));
    else await walk(entry, entry.name, add, 0);
  }
  return [...groups].map(([folder, files]) => ({ folder, files }));
}

// Files directly inside a dropped folder belong to that folder; files deeper down belong to the
// first-level sub-folder they are in.
async function walk(dir, group, add, depth) {
  for (const entry of await readAll(dir)) {
    if (entry.isFile) {
      if (!entry.name.startsWith('.')) add(group, await fileOf(entry));
    } else if (depth < 4) {
      await walk(entry, depth === 0 ? entry.name : group, add, depth + 1);
    }
  }
}

// readEntries returns at most ~100 entries a call; keep reading until it returns none.
async function readAll(dir) {
  const reader = dir.createReader();
  const all = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) return all;
    all.push(...batch);
  }
}

function fileOf(entry) {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}
