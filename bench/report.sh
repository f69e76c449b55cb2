#!/usr/bin/env bash
# The backend comparison report: JMH benchmarks of every backend present, the PyTorch peer in the
# same run when /usr/bin/python3 has torch, then bench/report/report.md and report.png.
#   bench/report.sh           quick mode (under 5 minutes on 2 cores)
#   bench/report.sh full      every op and network benchmark at 480x640 and 64x64, batch 1 and 8
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-quick}"
out=bench/report
mkdir -p "$out"
rm -f "$out"/jmh*.json
mvn -q -B -DskipTests package -pl bench -am
jar=bench/target/benchmarks.jar
# Signal chaining for the OpenCL backend (JMH's forks inherit it): see backend-aparapi's SignalChaining.
java_home="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')"
export LD_PRELOAD="$java_home/lib/libjsig.so${LD_PRELOAD:+:$LD_PRELOAD}"
if [ "$mode" = full ]; then
  args=(-prof gc)
  selection=('dev.dicenet.bench.*')
else
  # quick: the networks at 480x640 (batch 1 and 8) and every op at batch 1, shorter iterations
  args=(-prof gc -wi 2 -w 1s -i 3 -r 1s)
  selection=('NetworkBenchmarks' -p size=480x640 -p batch=1,8)
fi
java -jar "$jar" "${selection[@]}" "${args[@]}" -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
if [ "$mode" != full ]; then
  java -jar "$jar" 'OpBenchmarks' -p size=480x640 -p batch=1 "${args[@]}" -rf json -rff "$out/jmh-ops.json" \
    | tee -a "$out/jmh.txt"
fi
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736 /usr/bin/python3 ../shared/peers/torch_example_net.py \
    --bench --threads 2 --batches 1,8 --runs 11 --warmup 3 | tee "$out/pytorch.txt"
else
  rm -f "$out/pytorch.txt"
  echo "PyTorch peer skipped: /usr/bin/python3 with torch not found"
fi
java -cp "$jar" dev.dicenet.bench.Report "$out"
