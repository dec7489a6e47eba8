#!/usr/bin/env bash
# What a shell-script grader runs for the bench-web lab (bench/fixture-course/labs/bench-web.md):
# one docker CLI or curl call per check, the way graders written as shell scripts usually work.
# `npm run bench` times it beside `docker-dojo check bench-web --json`. Exit 0 when all pass.
set -u
name=${BENCH_CONTAINER:-bench-web}
port=${BENCH_PORT:-18180}
failed=0
verdict() { if [ "$1" -eq 0 ]; then echo "ok   $2"; else echo "FAIL $2"; failed=1; fi; }

# container-running: a running container with this exact name
[ "$(docker ps --filter "name=^/${name}\$" --filter status=running --format '{{.Names}}')" = "$name" ]
verdict $? "container-running $name"

# container-port: 80/tcp published on the host port
docker port "$name" 80/tcp 2>/dev/null | grep -q ":${port}\$"
verdict $? "container-port $name 80/tcp -> $port"

# http: GET / answers 200 and the page mentions nginx
curl -fsS --max-time 2 "http://127.0.0.1:${port}/" 2>/dev/null | grep -q nginx
verdict $? "http :$port contains nginx"

# image-present: the image reference resolves on the engine
docker image inspect nginx:1.27-alpine >/dev/null 2>&1
verdict $? "image-present nginx:1.27-alpine"

# container-env: the container was started with BENCH_MODE=fast
docker inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$name" 2>/dev/null | grep -qx 'BENCH_MODE=fast'
verdict $? "container-env $name BENCH_MODE=fast"

exit $failed
