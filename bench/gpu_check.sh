#!/usr/bin/env bash
# The GPU check of issue #13, for a lent GPU machine that has JAX and PyTorch but no TensorFlow:
# tutorial 002's CNN (preset seed2-cnn) for 3 epochs through the app's own CLI on JAX and on
# PyTorch with --device gpu, and the fit bridge's overhead there. Prepare on the dev machine:
#   echo /.whl/ >> .git/info/exclude; echo /.devdata/ >> .git/info/exclude
#   python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 \
#     --implementation cp --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 \
#     --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d .whl \
#     keras==3.15.1 namex optree
#   mkdir -p .devdata && cp ../shared/data/mnist.npz .devdata/
# then run `bash bench/gpu_check.sh` there with .whl and .devdata carried; results go to $OUT.
set -u
OUT=${OUT:-/tmp/gpu_check}
mkdir -p "$OUT"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
  --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1
nvidia-smi -L | tee "$OUT/gpu.txt"
KERAS_BACKEND=jax python3 -c "import keras, jax, torch; print('keras', keras.__version__, 'jax', jax.__version__, \
jax.devices(), 'torch', torch.__version__, torch.cuda.get_device_name(0))" 2>&1 | tail -1 \
  | tee -a "$OUT/gpu.txt"
for b in jax torch; do
  echo "== $b seed2-cnn 3 epochs" | tee -a "$OUT/gpu.txt"
  timeout 200 python3 main.py train --engine keras --backend $b --device gpu --preset seed2-cnn \
    --epochs 3 --mnist .devdata/mnist.npz --json >"$OUT/cnn_$b.jsonl" 2>"$OUT/cnn_$b.err"
  echo "rc=$?" | tee -a "$OUT/gpu.txt"
  tail -4 "$OUT/cnn_$b.jsonl" | tee -a "$OUT/gpu.txt"
  tail -3 "$OUT/cnn_$b.err"
  echo "== $b overhead" | tee -a "$OUT/gpu.txt"
  timeout 150 python3 bench/bench_keras.py --backend $b --device gpu --only overhead \
    --mnist .devdata/mnist.npz 2>&1 | tail -2 | tee -a "$OUT/gpu.txt"
done
