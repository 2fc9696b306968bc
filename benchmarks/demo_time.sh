#!/usr/bin/env bash
# Time `make demo` from a clean clone until http://127.0.0.1:8000/login/ answers.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
git clone -q "$src" "$work/kembar"
cd "$work/kembar"
start=$(date +%s.%N)
make demo HOST=127.0.0.1:8765 > "$work/demo.log" 2>&1 &
pid=$!
until curl -sf -o /dev/null http://127.0.0.1:8765/login/; do sleep 0.5; done
end=$(date +%s.%N)
echo "make demo, clean clone to first served page: $(python3 -c "print(round($end - $start, 1))") s"
kill -- -$pid 2>/dev/null || pkill -f "runserver 127.0.0.1:8765" || true
rm -rf "$work"
