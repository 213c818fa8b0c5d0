#!/usr/bin/env bash
# tests/bench/fashion_mnist.sh — trains tests/bench/fashion_mnist_spec.json on Fashion-MNIST with a
# 10% validation split, then scores the saved model on the 10k test images; fails below 91%.
# Usage: tests/bench/fashion_mnist.sh [EPOCHS]   (env: CNNLAB, FASHION_MNIST_DIR, OUT_DIR)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CNNLAB=${CNNLAB:-$ROOT/build/native/cnnlab}
DATA=${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
OUT=${OUT_DIR:-$ROOT/build/bench/fashion-mnist}
EPOCHS=${1:-10}
TARGET=0.91
mkdir -p "$OUT"

# --test only reports each epoch's test accuracy (the README's table); nothing is chosen by it.
"$CNNLAB" train --data "$DATA" --model "$ROOT/tests/bench/fashion_mnist_spec.json" \
  --val-split 0.1 --epochs "$EPOCHS" --batch 64 --lr 1e-3 --optimizer adam --schedule cosine \
  --seed 1 --test "$DATA" --out "$OUT/model.cnnlab" --history "$OUT/history.json" | tee "$OUT/epochs.jsonl"

"$CNNLAB" eval --model "$OUT/model.cnnlab" --data "$DATA" --split test | tee "$OUT/test.json"

/usr/bin/python3 - "$OUT/test.json" "$TARGET" <<'PY'
import json, sys
acc = json.load(open(sys.argv[1]))["accuracy"]
target = float(sys.argv[2])
print(f"fashion-mnist test accuracy {acc:.4f} (target {target})")
sys.exit(0 if acc >= target else 1)
PY
