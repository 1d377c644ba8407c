#!/usr/bin/env bash
# The image-set presets (#15) on a lent GPU machine with JAX but no TensorFlow: the Fashion-MNIST
# presets in full on the real data, and the CIFAR-10 presets' epochs timed on a full-size
# generated stand-in (their accuracy there means nothing). Prepare on the dev machine:
#   echo /.imgwhl/ >> .git/info/exclude; echo /.imgdata/ >> .git/info/exclude
#   python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 \
#     --implementation cp --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 \
#     --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d .imgwhl \
#     keras==3.15.1 namex optree
#   mkdir -p .imgdata && cp /usr/share/datasets/fashion-mnist/*.gz .imgdata/
# then run `bash bench/gpu_image_sets.sh` there with .imgwhl and .imgdata carried; results go
# to $OUT.
set -u
OUT=${OUT:-/tmp/gpu_image_sets}
mkdir -p "$OUT"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
  --target /tmp/site .imgwhl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1 KERAS_BACKEND=jax
nvidia-smi -L | tee "$OUT/gpu.txt"
nproc | tee -a "$OUT/gpu.txt"
timeout 260 python3 bench/bench_image_sets.py --only fashion-small-cnn,fashion-cnn \
  --fashion .imgdata --device gpu >"$OUT/fashion.md" 2>"$OUT/fashion.err"
echo "fashion rc=$?" | tee -a "$OUT/gpu.txt"
cat "$OUT/fashion.md"
timeout 150 python3 bench/bench_image_sets.py --only cifar-small-cnn,cifar-cnn \
  --cifar-standin 50000 --cifar-epochs 2 --device gpu >"$OUT/cifar.md" 2>"$OUT/cifar.err"
echo "cifar rc=$?" | tee -a "$OUT/gpu.txt"
cat "$OUT/cifar.md"
grep '^{' "$OUT/fashion.err" "$OUT/cifar.err"
tail -5 "$OUT/fashion.err" "$OUT/cifar.err"
