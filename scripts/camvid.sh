#!/usr/bin/env bash
# Trains the seed's example network on CamVid (../shared/data/camvid, 11 classes, void 11) with the
# generalized Dice loss and with cross-entropy, evaluates both on the test split, and leaves the
# models, curves and metrics in dicenet-out/camvid/. The README's CamVid table comes from this script.
#   scripts/camvid.sh [EPOCHS] [HxW]        defaults: 60 epochs at 360x480 (the files' size)
set -euo pipefail
cd "$(dirname "$0")/.."
epochs="${1:-60}"
size="${2:-360x480}"
data=../shared/data/camvid
out=dicenet-out/camvid
mkdir -p "$out"
classes=Sky,Building,Pole,Road,Pavement,Tree,SignSymbol,Fence,Car,Pedestrian,Bicyclist
for loss in dice crossentropy; do
  ./dicenet train --images "$data/train" --labels "$data/trainannot" --classes "$classes" --void 11 \
      --resize "$size" --loss "$loss" --epochs "$epochs" --batch 8 --learn-rate 0.01 --seed 1 \
      --out "$out/$loss.safetensors" --curve "$out/$loss-loss.png" | tee "$out/$loss-train.txt"
  ./dicenet evaluate --model "$out/$loss.safetensors" --images "$data/test" --labels "$data/testannot" \
      --classes "$classes" --void 11 --resize "$size" | tee "$out/$loss-test.txt"
done
