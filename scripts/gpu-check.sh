#!/usr/bin/env bash
# The OpenCL backend on a real GPU: its tests (agreement with the reference backend on every op,
# fallback detection, device memory, residency) and the training-step benchmark next to the vector
# backend, in under 10 minutes on a machine that has an NVIDIA driver but no Java, Maven or network.
#
#   scripts/gpu-check.sh prepare   here: builds everything into .gpu/ (a trimmed Java 17 runtime, the
#                                  test and benchmark jars, the OpenCL ICD loader), about 50 MB
#   scripts/gpu-check.sh run       there (with .gpu carried): writes tests.txt, jmh.txt, jmh.json
#                                  and devices.txt to $OUT (or .gpu/out)
#
# DICENET_GPU_DEVICE picks the OpenCL device (default gpu; 'cpu' runs the same check on POCL).
set -euo pipefail
cd "$(dirname "$0")/.."
g=.gpu

prepare() {
  rm -rf "$g"
  mkdir -p "$g/lib" "$g/native"
  grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >> .git/info/exclude
  mvn -q -B -DskipTests install -pl backend-aparapi,bench -am
  (cd backend-aparapi && mvn -q -B dependency:copy-dependencies -DincludeScope=test -DoutputDirectory="../$g/lib" \
      -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian -DexcludeArtifactIds=aparapi-jni)
  jar cf "$g/lib/backend-aparapi.jar" -C backend-aparapi/target/classes .
  jar cf "$g/lib/backend-aparapi-tests.jar" -C backend-aparapi/target/test-classes .
  # Aparapi's native library for Linux x86-64 only (the jar carries every platform's: 19 MB)
  local jni tmp
  jni=$(find ~/.m2/repository/com/aparapi/aparapi-jni -name 'aparapi-jni-*.jar' | head -1)
  tmp=$(mktemp -d)
  (cd "$tmp" && unzip -q "$jni" && rm -rf win osx linux/libaparapi_aarch64.so linux/libaparapi_armhf.so linux/libaparapi_x86.so)
  jar cf "$g/lib/aparapi-jni-linux-x86_64.jar" -C "$tmp" .
  rm -rf "$tmp"
  cp bench/target/benchmarks.jar "$g/"
  mvn -q -B dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:1.13.4 -DoutputDirectory="$g"
  /usr/lib/jvm/java-17-openjdk-amd64/bin/jlink --add-modules \
      java.base,java.logging,java.management,jdk.management,jdk.incubator.vector,jdk.unsupported,jdk.zipfs \
      --strip-debug --no-header-files --no-man-pages --compress=2 --output "$g/jre" 2>/dev/null
  # the OpenCL ICD loader (libOpenCL.so.1); the NVIDIA driver there provides the implementation
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -q ocl-icd-libopencl1 >/dev/null && dpkg -x ocl-icd-libopencl1_*.deb x)
  cp -a "$tmp"/x/usr/lib/x86_64-linux-gnu/libOpenCL.so* "$g/native/"
  rm -rf "$tmp"
  cp "$0" "$g/"
  du -sh "$g"
}

run() {
  local out="${OUT:-$g/out}"
  mkdir -p "$out"
  local java="$g/jre/bin/java"
  export LD_LIBRARY_PATH="$PWD/$g/native:${LD_LIBRARY_PATH:-}"
  # signal chaining: OpenCL drivers replace the JVM's signal handlers otherwise (backend-aparapi's SignalChaining)
  export LD_PRELOAD="$PWD/$g/jre/lib/libjsig.so"
  # Point the ICD loader at NVIDIA's OpenCL library when no vendor file names it.
  if ! grep -qs nvidia /etc/OpenCL/vendors/*.icd; then
    local lib
    lib=$(ls /usr/local/nvidia/lib64/libnvidia-opencl.so.1 /usr/lib/x86_64-linux-gnu/libnvidia-opencl.so.1 \
              /usr/local/nvidia/lib/libnvidia-opencl.so.1 2>/dev/null | head -1 || true)
    if [ -n "$lib" ]; then
      mkdir -p "$PWD/$g/vendors"
      echo "$lib" > "$PWD/$g/vendors/nvidia.icd"
      cp -a /etc/OpenCL/vendors/*.icd "$PWD/$g/vendors/" 2>/dev/null || true
      export OCL_ICD_VENDORS="$PWD/$g/vendors"
    fi
  fi
  local device="${DICENET_GPU_DEVICE:-gpu}"
  local props=(-Ddicenet.requireOpenCL=true "-Ddicenet.opencl.device=$device")
  (nvidia-smi -L 2>&1 || true; "$java" "${props[@]}" -cp "$g/lib/*" dev.dicenet.aparapi.PrintAvailability 2>&1) \
    | tee "$out/devices.txt"
  set +e
  # on the class path proper (not the launcher's own), so that the tests' child JVMs see it too
  timeout 300 "$java" "${props[@]}" -Xss4m -cp "$(ls "$g"/junit-platform-console-standalone-*.jar):$g/lib/*" \
      org.junit.platform.console.ConsoleLauncher execute \
      --scan-classpath "$g/lib/backend-aparapi-tests.jar" --include-classname '.*(Test|Tests|Properties)$' \
      --details=summary --disable-banner 2>&1 | tee "$out/tests.txt"
  local tests=${PIPESTATUS[0]}
  timeout 240 "$java" -jar "$g/benchmarks.jar" 'NetworkBenchmarks.trainingStep' -p backend=aparapi,vector \
      -p size=480x640 -p batch=8 -wi 2 -w 2s -i 5 -r 2s \
      -jvmArgsAppend "--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx6g ${props[*]}" \
      -rf json -rff "$out/jmh.json" 2>&1 | tee "$out/jmh.txt"
  local bench=${PIPESTATUS[0]}
  set -e
  echo "tests exit $tests, benchmark exit $bench"
  [ "$tests" -eq 0 ] && [ "$bench" -eq 0 ]
}

case "${1:-}" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: $0 prepare|run" >&2; exit 2 ;;
esac
