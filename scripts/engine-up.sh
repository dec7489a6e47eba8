#!/usr/bin/env bash
# docker-dojo offline engine kit.
#
# Brings up, idempotently and without internet access once its packages are
# cached, a real Docker engine on Debian (run as root) plus a local registry
# that acts as a Docker Hub mirror, seeded with small stand-in images built
# from the static busybox:
#   hello-world:latest  alpine:3.20 alpine:3.19 alpine:latest
#   busybox:1.36 busybox:latest  nginx:1.27-alpine nginx:latest  registry:2
# and redis:7-alpine, the real Redis server and CLI from Debian 12's packages.
# Afterwards `docker pull alpine:3.20` (etc.) works offline through the mirror.
#
# Usage: engine-up.sh [--engine current|debian12] [--store containerd|classic] [--fetch-only]
#   --engine current   Docker 26 with BuildKit (buildx) and compose v2, from Debian 13's
#                      packages, cached under the kit dir (the default for a new kit)
#   --engine debian12  Debian 12's own Docker 20.10 with the legacy builder
#   --store            image store of the current engine: containerd (default) or classic;
#                      the Debian 12 engine has only the classic store
#   --fetch-only       install and cache the packages of both engines, start nothing
# Without --engine the kit keeps the engine it ran last time. Each engine and store keeps its
# own data root; the mirror is shared.
#
# Environment:
#   DOJO_ENGINE, DOJO_IMAGE_STORE  the same as --engine and --store
#   DOJO_KIT_DIR       state dir (mirror data, package cache, data roots, logs)
#                      default /var/lib/docker-dojo-kit
#   DOJO_MIRROR_PORT   mirror port on 127.0.0.1         default 5000
#   DOJO_DEBIAN_MIRROR Debian archive for Debian 13's packages  default: the system's own
#   DOJO_KIT_REBUILD=1 rebuild and re-push every stand-in image
#   DOJO_KIT_SELFTEST=1 after seeding, pull and run a few images as a smoke test
#   DOJO_KIT_CLEAN_LOCAL=1 also remove local copies of the stand-in images (fresh CI engine)
#
# See scripts/ENGINE-KIT.md.
# shellcheck disable=SC2317  # functions are called via traps and build_if_needed
set -Eeuo pipefail

KIT_DIR=${DOJO_KIT_DIR:-/var/lib/docker-dojo-kit}
MIRROR_PORT=${DOJO_MIRROR_PORT:-5000}
MIRROR_HOST="127.0.0.1:${MIRROR_PORT}"
MIRROR_URL="http://${MIRROR_HOST}"
REBUILD=${DOJO_KIT_REBUILD:-0}
SELFTEST=${DOJO_KIT_SELFTEST:-0}
DAEMON_JSON=/etc/docker/daemon.json
DOCKER_SOCK=/var/run/docker.sock
BUILD_PREFIX=dojo-kit-build
KIT_LOG="${KIT_DIR}/kit.log"
# Fixed mtime so that identical rootfs content gives identical layer digests.
TAR_MTIME='2024-01-01 00:00:00Z'

ENGINE=${DOJO_ENGINE:-}
STORE=${DOJO_IMAGE_STORE:-}
FETCH_ONLY=0
usage() { sed -n '/^# Usage:/,/^# own data root/p' "$0" | sed 's/^# \{0,1\}//'; }
while (($#)); do
  case $1 in
    --engine) ENGINE=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
    --engine=*) ENGINE=${1#*=}; shift ;;
    --store) STORE=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
    --store=*) STORE=${1#*=}; shift ;;
    --fetch-only) FETCH_ONLY=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) printf 'engine-up: unknown option %s\n\n' "$1" >&2; usage >&2; exit 2 ;;
  esac
done
case $ENGINE in 26 | docker26) ENGINE=current ;; 20.10 | debian) ENGINE=debian12 ;; esac
if [[ -n $ENGINE && $ENGINE != current && $ENGINE != debian12 ]]; then
  printf "engine-up: --engine must be 'current' or 'debian12', got '%s'\n" "$ENGINE" >&2
  exit 2
fi
if [[ -n $STORE && $STORE != containerd && $STORE != classic ]]; then
  printf "engine-up: --store must be 'containerd' or 'classic', got '%s'\n" "$STORE" >&2
  exit 2
fi
if [[ $ENGINE == debian12 && $STORE == containerd ]]; then
  echo "engine-up: the Debian 12 engine (Docker 20.10) has only the classic image store; use --engine current --store containerd" >&2
  exit 2
fi

# Docker 26 from Debian 13 (trixie): .debs cached and unpacked under the kit dir, the system's
# packages and apt sources untouched. Debian 12's runc and docker-init run beside it.
D26_DIR="${KIT_DIR}/docker26"
D26_PACKAGES=(docker.io docker-cli containerd docker-buildx docker-compose)
D26_BIN="${D26_DIR}/bin"
D26_PLUGINS="${D26_DIR}/cli-plugins"
# Where a classroom's `docker` finds the current engine's CLI and plugins.
CLI_LINK=/usr/local/bin/docker
PLUGIN_LINK_DIR=/usr/local/lib/docker/cli-plugins
CHOICE_FILE="${KIT_DIR}/engine"

# Talk to the local engine whatever the caller's environment says.
export DOCKER_HOST="unix://${DOCKER_SOCK}"
unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH || true

STEP="starting"
WORK=""
START_TS=$(date +%s)

log() { printf 'engine-up: %s\n' "$*"; }
die() {
  printf 'engine-up: ERROR: %s\n' "$*" >&2
  exit 1
}
on_err() {
  local rc=$? cmd=$BASH_COMMAND line=$1
  printf "engine-up: ERROR: %s: command '%s' failed (exit %s, line %s); see %s\n" \
    "$STEP" "$cmd" "$rc" "$line" "$KIT_LOG" >&2
  exit "$rc"
}
BUILDING=0
SELFTESTING=0
# What the optional self-test creates (containers, their volumes, pulled images).
st_cleanup() {
  docker rm -f -v dojo-kit-selftest-web dojo-kit-selftest-reg >/dev/null 2>&1 || true
  docker image rm hello-world:latest nginx:1.27-alpine registry:2 \
    127.0.0.1:5999/selftest:1 >/dev/null 2>&1 || true
}
cleanup() {
  if [[ -n "$WORK" && -d "$WORK" ]]; then rm -rf "$WORK"; fi
  # After a failure, leave no half-made images or test containers behind.
  if ((BUILDING)); then drop_build_tags >/dev/null 2>&1 || true; fi
  if ((SELFTESTING)); then st_cleanup; fi
}
trap 'on_err $LINENO' ERR
trap cleanup EXIT

# Run a command with its output appended to the kit log; on failure show the
# tail of that output and stop with a one-line reason.
quiet() {
  local what=$1
  shift
  printf '\n### %s: %s\n' "$(date -Is)" "$what" >>"$KIT_LOG"
  local mark
  mark=$(wc -l <"$KIT_LOG")
  if ! "$@" >>"$KIT_LOG" 2>&1; then
    tail -n +"$((mark + 1))" "$KIT_LOG" | tail -n 15 >&2
    die "${STEP}: ${what} failed (full log: ${KIT_LOG})"
  fi
}

log_tail() { if [[ -f "$1" ]]; then tail -n 20 "$1" >&2; fi; }

[[ $(id -u) -eq 0 ]] || die "must run as root"
[[ $MIRROR_PORT =~ ^[0-9]+$ ]] || die "DOJO_MIRROR_PORT must be a number, got '${MIRROR_PORT}'"
mkdir -p "$KIT_DIR"
touch "$KIT_LOG"
# One run at a time (CI and a classroom terminal may race).
exec 9>"${KIT_DIR}/.lock"
flock -w 300 9 || die "another engine-up.sh run holds ${KIT_DIR}/.lock"

# Which engine: as asked, else the one chosen last time. A kit from before the choice existed
# keeps the Debian 12 engine it runs; a new kit gets the current engine with the containerd store.
if [[ -z $ENGINE && -f $CHOICE_FILE ]]; then
  read -r ENGINE saved_store <"$CHOICE_FILE" || true
  [[ -n $STORE ]] || STORE=${saved_store:-}
elif [[ -z $ENGINE ]]; then
  if [[ -f ${KIT_DIR}/dockerd.log ]]; then ENGINE=debian12; else ENGINE=current; fi
fi
[[ $ENGINE == debian12 ]] && STORE=classic
[[ -n $STORE ]] || STORE=containerd

# ---------------------------------------------------------------- 1. packages
STEP="installing packages"

apt_busy() {
  local name
  for name in apt-get apt dpkg unattended-upgr; do
    pgrep -x "$name" >/dev/null 2>&1 && return 0
  done
  return 1
}
wait_for_apt() {
  local waited=0
  while apt_busy; do
    if ((waited == 0)); then log "waiting for a running apt/dpkg to finish..."; fi
    ((waited >= 300)) && die "apt/dpkg is still busy after 300 s (see /tmp/apt.log or ps)"
    sleep 2
    waited=$((waited + 2))
  done
}

missing_pkgs() {
  local pkgs=()
  command -v dockerd >/dev/null 2>&1 || pkgs+=(docker.io)
  command -v docker-registry >/dev/null 2>&1 || pkgs+=(docker-registry)
  [[ -x /bin/busybox ]] || pkgs+=(busybox-static)
  command -v curl >/dev/null 2>&1 || pkgs+=(curl)
  echo "${pkgs[*]}"
}
if [[ -n $(missing_pkgs) ]]; then
  # An install may already be running (e.g. a provisioning step): let it end.
  wait_for_apt
  need=$(missing_pkgs)
  if [[ -n $need ]]; then
    log "installing ${need} (apt)"
    quiet "apt-get update" apt-get -o DPkg::Lock::Timeout=300 update
    quiet "apt-get install" env DEBIAN_FRONTEND=noninteractive \
      apt-get -o DPkg::Lock::Timeout=300 install -y docker.io docker-registry busybox-static curl
  fi
fi
for bin in dockerd docker docker-registry curl; do
  command -v "$bin" >/dev/null 2>&1 || die "'$bin' is still missing after installing packages"
done
[[ -x /bin/busybox ]] || die "/bin/busybox is still missing after installing busybox-static"

# Debian 13's Docker packages, fetched once into the kit dir with a private apt list.
debian_archive() {
  if [[ -n ${DOJO_DEBIAN_MIRROR:-} ]]; then echo "$DOJO_DEBIAN_MIRROR"; return; fi
  local uri
  uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' | grep -v -- '-security' | grep '/debian/\?$' | head -n1 || true)
  [[ -n $uri ]] || uri=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    sed -E 's/^deb (\[[^]]*\] )?//' | awk '{ print $1 }' | grep -v -- '-security' | grep '/debian/\?$' | head -n1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}
d26_deb() { find "${D26_DIR}/debs" -maxdepth 1 -name "${1}_*.deb" 2>/dev/null | sort -V | tail -n1; }
d26_fetch() {
  local pkg missing=() apt="${D26_DIR}/apt"
  for pkg in "${D26_PACKAGES[@]}"; do [[ -n $(d26_deb "$pkg") ]] || missing+=("$pkg"); done
  ((${#missing[@]})) || return 0
  mkdir -p "${D26_DIR}/debs" "$apt/lists/partial" "$apt/cache/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(debian_archive) trixie main" >"$apt/sources.list"
  local opts=(-o "Dir::Etc::sourcelist=$apt/sources.list" -o Dir::Etc::sourceparts=/nonexistent
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o APT::Sandbox::User=root)
  log "fetching Docker 26 from Debian 13 (${missing[*]}) into ${D26_DIR}/debs"
  quiet "apt-get update (Debian 13, private lists)" apt-get "${opts[@]}" update
  # shellcheck disable=SC2016  # expanded by the inner shell
  quiet "apt-get download ${missing[*]}" bash -c 'cd "$1" && shift && apt-get "$@"' _ "${D26_DIR}/debs" "${opts[@]}" download "${missing[@]}"
  for pkg in "${missing[@]}"; do [[ -n $(d26_deb "$pkg") ]] || die "apt-get download did not fetch ${pkg}"; done
  rm -f "${D26_DIR}/root/.unpacked"
}
d26_unpack() {
  local stamp="${D26_DIR}/root/.unpacked" want pkg deb
  want=$(for pkg in "${D26_PACKAGES[@]}"; do basename "$(d26_deb "$pkg")"; done)
  [[ -f $stamp && $(cat "$stamp") == "$want" ]] && return 0
  log "unpacking Docker 26 into ${D26_DIR}/root"
  rm -rf "${D26_DIR}/root.new"
  for pkg in "${D26_PACKAGES[@]}"; do
    deb=$(d26_deb "$pkg")
    quiet "dpkg-deb -x $(basename "$deb")" dpkg-deb -x "$deb" "${D26_DIR}/root.new"
  done
  rm -rf "${D26_DIR}/root"
  mv "${D26_DIR}/root.new" "${D26_DIR}/root"
  mkdir -p "$D26_BIN" "$D26_PLUGINS"
  # docker-init and runc stay Debian 12's: trixie's runc needs a newer glibc.
  local rel
  for rel in usr/sbin/dockerd usr/sbin/docker-proxy usr/bin/docker usr/bin/containerd \
    usr/bin/containerd-shim-runc-v2 usr/bin/ctr; do
    ln -sfn "${D26_DIR}/root/${rel}" "${D26_BIN}/$(basename "$rel")"
  done
  for rel in docker-buildx docker-compose; do
    ln -sfn "${D26_DIR}/root/usr/libexec/docker/cli-plugins/${rel}" "${D26_PLUGINS}/${rel}"
  done
  "${D26_BIN}/dockerd" --version >/dev/null 2>&1 || die "Docker 26's dockerd does not run on this system (${D26_BIN}/dockerd --version)"
  echo "$want" >"$stamp"
}
if [[ $ENGINE == current || $FETCH_ONLY == 1 ]]; then
  STEP="caching Docker 26"
  d26_fetch
  d26_unpack
fi
if [[ $FETCH_ONLY == 1 ]]; then
  echo
  echo "docker-dojo engine kit: packages ready ($(($(date +%s) - START_TS)) s)"
  echo "  debian12 : $(dockerd --version 2>/dev/null)"
  echo "  current  : $("${D26_BIN}/dockerd" --version 2>/dev/null) (${D26_DIR})"
  exit 0
fi

# ------------------------------------------------------------ 2. mirror registry
STEP="starting the mirror registry"

mirror_ok() { curl -fsS -m 3 -o /dev/null "${MIRROR_URL}/v2/" 2>/dev/null; }

if mirror_ok; then
  log "mirror registry already answering at ${MIRROR_URL}"
else
  mkdir -p "${KIT_DIR}/registry"
  cat >"${KIT_DIR}/registry.yml" <<EOF
# Written by scripts/engine-up.sh (docker-dojo offline engine kit).
version: 0.1
log:
  level: info
  fields:
    service: dojo-mirror
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: ${KIT_DIR}/registry
  delete:
    enabled: true
http:
  addr: ${MIRROR_HOST}
  headers:
    X-Content-Type-Options: [nosniff]
EOF
  log "starting mirror registry on ${MIRROR_URL}"
  setsid nohup docker-registry serve "${KIT_DIR}/registry.yml" \
    >>"${KIT_DIR}/registry.log" 2>&1 </dev/null 9>&- &
  echo $! >"${KIT_DIR}/registry.pid"
  for _ in $(seq 1 40); do
    mirror_ok && break
    if ! kill -0 "$(cat "${KIT_DIR}/registry.pid")" 2>/dev/null; then
      log_tail "${KIT_DIR}/registry.log"
      die "mirror registry exited at start (port ${MIRROR_PORT} in use?); log: ${KIT_DIR}/registry.log"
    fi
    sleep 0.5
  done
  mirror_ok || { log_tail "${KIT_DIR}/registry.log"; die "mirror registry does not answer ${MIRROR_URL}/v2/ after 20 s"; }
fi

# ------------------------------------------------------- 3. daemon.json, dockerd
STEP="configuring dockerd"

# The Debian 12 engine reads /etc/docker/daemon.json and keeps Debian's data root. The current
# engine gets a config of its own per image store (the system file's other keys kept), with its
# own data root, so switching never mixes their images and containers.
SYSTEM_JSON=/etc/docker/daemon.json
if [[ $ENGINE == current ]]; then
  ENGINE_DIR="${KIT_DIR}/engines/current-${STORE}"
  DAEMON_JSON="${ENGINE_DIR}/daemon.json"
  DATA_ROOT="${ENGINE_DIR}/data"
  DOCKERD_LOG="${ENGINE_DIR}/dockerd.log"
  DOCKERD=("${D26_BIN}/dockerd" --config-file "$DAEMON_JSON")
  snapshotter=false
  [[ $STORE == containerd ]] && snapshotter=true
  OVERRIDES="{\"registry-mirrors\": [\"${MIRROR_URL}\"], \"data-root\": \"${DATA_ROOT}\", \"features\": {\"containerd-snapshotter\": ${snapshotter}}}"
  # The script itself uses the current engine's CLI and plugins.
  export PATH="${D26_BIN}:${PATH}"
  export DOCKER_CONFIG="${D26_DIR}/config"
  mkdir -p "$DATA_ROOT" "$DOCKER_CONFIG"
  ln -sfn "$D26_PLUGINS" "${DOCKER_CONFIG}/cli-plugins"
else
  DAEMON_JSON=$SYSTEM_JSON
  DOCKERD_LOG="${KIT_DIR}/dockerd.log"
  DOCKERD=(dockerd)
  OVERRIDES="{\"registry-mirrors\": [\"${MIRROR_URL}\"]}"
fi
mkdir -p "$(dirname "$DAEMON_JSON")"
new_json="${DAEMON_JSON}.new"
# Keys from the system daemon.json, with OVERRIDES on top (objects merged one level deep).
merge_json() {
  local py=""
  if [[ -x /usr/bin/python3 ]]; then py=/usr/bin/python3; elif command -v python3 >/dev/null 2>&1; then py=python3; fi
  if [[ -n $py ]]; then
    "$py" - "$SYSTEM_JSON" "$OVERRIDES" "$new_json" <<'PY'
import json, os, sys
src, overrides, dst = sys.argv[1:4]
cfg = {}
if os.path.exists(src) and open(src).read().strip():
    try:
        cfg = json.load(open(src))
    except ValueError as e:
        sys.exit("%s is not valid JSON: %s" % (src, e))
if not isinstance(cfg, dict):
    sys.exit("%s must hold a JSON object" % src)
for key, value in json.loads(overrides).items():
    if isinstance(value, dict) and isinstance(cfg.get(key), dict):
        cfg[key].update(value)
    else:
        cfg[key] = value
with open(dst, "w") as f:
    json.dump(cfg, f, indent=2)
    f.write("\n")
PY
  elif command -v node >/dev/null 2>&1; then
    node - "$SYSTEM_JSON" "$OVERRIDES" "$new_json" <<'JS'
const fs = require("fs");
const [src, overrides, dst] = process.argv.slice(2);
let cfg = {};
if (fs.existsSync(src) && fs.readFileSync(src, "utf8").trim()) {
  try { cfg = JSON.parse(fs.readFileSync(src, "utf8")); }
  catch (e) { console.error(`${src} is not valid JSON: ${e.message}`); process.exit(1); }
}
if (typeof cfg !== "object" || cfg === null || Array.isArray(cfg)) {
  console.error(`${src} must hold a JSON object`); process.exit(1);
}
for (const [key, value] of Object.entries(JSON.parse(overrides))) {
  const both = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
  cfg[key] = both(value) && both(cfg[key]) ? { ...cfg[key], ...value } : value;
}
fs.writeFileSync(dst, JSON.stringify(cfg, null, 2) + "\n");
JS
  else
    echo "neither python3 nor node is available to edit JSON" >&2
    return 1
  fi
}
merge_json || die "could not merge ${SYSTEM_JSON}"
if ! cmp -s "$new_json" "$DAEMON_JSON" 2>/dev/null; then
  mv "$new_json" "$DAEMON_JSON"
  log "wrote registry-mirrors=${MIRROR_URL} into ${DAEMON_JSON}"
else
  rm -f "$new_json"
fi

STEP="starting dockerd"
engine_ok() {
  [[ -S $DOCKER_SOCK ]] &&
    [[ $(curl -sS -m 5 --unix-socket "$DOCKER_SOCK" http://localhost/_ping 2>/dev/null) == OK ]]
}
# docker info lists mirrors normalised with a trailing slash.
engine_has_mirror() {
  [[ $(docker info --format '{{json .RegistryConfig.Mirrors}}' 2>/dev/null) == *"\"${MIRROR_URL}/\""* ]]
}
# The dockerd that serves DOCKER_SOCK, else the one in its pid file. Never "any dockerd": other
# engines on the machine (rootless ones, a teacher's test engines in namespaces) are not ours.
dockerd_pid() {
  local pid
  pid=$(ss -xlpnH 2>/dev/null | awk -v sock="$DOCKER_SOCK" '$5 == sock' | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2)
  if [[ -z $pid && -f /var/run/docker.pid ]]; then
    pid=$(cat /var/run/docker.pid 2>/dev/null || true)
    [[ $(cat "/proc/${pid}/comm" 2>/dev/null) == dockerd ]] || pid=""
  fi
  echo "$pid"
}
start_dockerd() {
  log "starting dockerd (log: ${DOCKERD_LOG})"
  setsid nohup "${DOCKERD[@]}" >>"$DOCKERD_LOG" 2>&1 </dev/null 9>&- &
  local pid=$! i
  for ((i = 0; i < 120; i++)); do
    engine_ok && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      log_tail "$DOCKERD_LOG"
      die "dockerd exited during start-up; log: ${DOCKERD_LOG}"
    fi
    sleep 0.5
  done
  log_tail "$DOCKERD_LOG"
  die "dockerd did not answer _ping on ${DOCKER_SOCK} within 60 s; log: ${DOCKERD_LOG}"
}
# The running engine is the chosen one: Docker 26 on this store's data root, or not Docker 26
# and not on a data root of the kit's.
engine_is_chosen() {
  local seen
  seen=$(docker info --format '{{.ServerVersion}}|{{.DockerRootDir}}' 2>/dev/null) || return 1
  if [[ $ENGINE == current ]]; then
    [[ $seen == "26."*"|${DATA_ROOT}" ]]
  else
    [[ $seen != "26."* && ${seen#*|} != "${KIT_DIR}/engines/"* ]]
  fi
}
stop_dockerd() {
  local pid i
  pid=$(dockerd_pid)
  [[ -n $pid ]] || return 0
  log "stopping dockerd (pid ${pid})"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  die "dockerd (pid ${pid}) did not stop within 30 s"
}

if engine_ok && ! engine_is_chosen; then
  log "switching the engine to ${ENGINE} (${STORE} image store); the other engine's data stays where it is"
  stop_dockerd
fi
if engine_ok; then
  if ! engine_has_mirror; then
    # registry-mirrors is a live-reloadable option: try SIGHUP before a restart.
    pid=$(dockerd_pid)
    if [[ -n $pid ]]; then
      log "dockerd is running without the mirror; reloading its configuration"
      kill -HUP "$pid" 2>/dev/null || true
      sleep 2
    fi
    if ! engine_has_mirror; then
      log "reload did not pick up the mirror; restarting dockerd"
      stop_dockerd
      start_dockerd
    fi
  else
    log "dockerd already running with the mirror configured"
  fi
else
  if [[ -n $(dockerd_pid) ]]; then
    log "dockerd process exists but does not answer _ping; restarting it"
    stop_dockerd
  fi
  start_dockerd
fi
engine_has_mirror ||
  die "dockerd is up but does not list ${MIRROR_URL} as registry mirror (docker info)"

# Debian's dockerd starts a managed containerd when none is running.
pgrep -x containerd >/dev/null 2>&1 || die "dockerd is up but no containerd process is running"
[[ -n $(docker info --format '{{.ContainerdCommit.ID}}' 2>/dev/null) ]] ||
  die "dockerd is up but reports no containerd"

# A classroom's `docker` is the chosen engine's: the current engine's CLI and its buildx and
# compose plugins are linked where the CLI looks, unless something not the kit's is there.
STEP="linking the docker CLI"
kit_link() { [[ -L $1 && $(readlink "$1") == "${KIT_DIR}/"* ]]; }
link_into() { # TARGET LINK
  if [[ -e $2 || -L $2 ]] && ! kit_link "$2"; then
    log "kept ${2} (not the kit's); $(basename "$1") of Docker 26 is ${1}"
  else
    mkdir -p "$(dirname "$2")"
    ln -sfn "$1" "$2"
  fi
}
if [[ $ENGINE == current ]]; then
  link_into "${D26_BIN}/docker" "$CLI_LINK"
  for plugin in docker-buildx docker-compose; do link_into "${D26_PLUGINS}/${plugin}" "${PLUGIN_LINK_DIR}/${plugin}"; done
else
  for link in "$CLI_LINK" "${PLUGIN_LINK_DIR}/docker-buildx" "${PLUGIN_LINK_DIR}/docker-compose"; do
    if kit_link "$link"; then rm -f "$link"; fi
  done
fi
echo "$ENGINE $STORE" >"$CHOICE_FILE"

# ------------------------------------------------------------ 4. stand-in images
STEP="building stand-in images"

# All refs the kit provides: scripts/kit-images.txt, one a line, which lint reads too.
KIT_IMAGES=()
while read -r ref || [[ -n $ref ]]; do
  ref=${ref%%#*}
  ref=${ref//[[:space:]]/}
  [[ -n $ref ]] && KIT_IMAGES+=("$ref")
done <"$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/kit-images.txt"

MANIFEST_ACCEPT=(
  -H 'Accept: application/vnd.docker.distribution.manifest.v2+json'
  -H 'Accept: application/vnd.docker.distribution.manifest.list.v2+json'
  -H 'Accept: application/vnd.oci.image.manifest.v1+json'
  -H 'Accept: application/vnd.oci.image.index.v1+json'
)
mirror_has() { # NAME TAG
  curl -fsS -m 5 -o /dev/null -I "${MANIFEST_ACCEPT[@]}" \
    "${MIRROR_URL}/v2/library/$1/manifests/$2" 2>/dev/null
}
# True if any of the given refs is missing from the mirror (or a rebuild is forced).
need_build() {
  [[ $REBUILD == 1 ]] && return 0
  local ref
  for ref in "$@"; do mirror_has "${ref%%:*}" "${ref#*:}" || return 0; done
  return 1
}

WORK=$(mktemp -d "${KIT_DIR}/build.XXXXXX")
BUSYBOX_APPLETS=$(/bin/busybox --list-full)

# A minimal rootfs: static busybox with its applet links, users, /tmp, ...
make_rootfs() { # DIR
  local root=$1 applet
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,etc,root,tmp,var/tmp,home,proc,sys,dev,run}
  cp /bin/busybox "$root/bin/busybox"
  while read -r applet; do
    [[ -z $applet || $applet == bin/busybox || $applet == linuxrc ]] && continue
    mkdir -p "$root/$(dirname "$applet")"
    ln -sf /bin/busybox "$root/$applet"
  done <<<"$BUSYBOX_APPLETS"
  chmod 1777 "$root/tmp" "$root/var/tmp"
  chmod 700 "$root/root"
  cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:2:2:daemon:/sbin:/sbin/nologin
nobody:x:65534:65534:nobody:/:/sbin/nologin
EOF
  cat >"$root/etc/group" <<'EOF'
root:x:0:root
daemon:x:2:root,daemon
nogroup:x:65533:
nobody:x:65534:
EOF
  echo 'root:*::0:::::' >"$root/etc/shadow"
  chmod 640 "$root/etc/shadow"
  printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
}

# tar a rootfs reproducibly and import it: import_rootfs DIR REF [--change ...]
import_rootfs() {
  local root=$1 ref=$2
  shift 2
  tar --sort=name --mtime="$TAR_MTIME" --owner=0 --group=0 --numeric-owner \
    -C "$root" -cf "$WORK/layer.tar" .
  quiet "docker import ${ref}" docker import "$@" "$WORK/layer.tar" "$ref"
  rm -f "$WORK/layer.tar"
}

PATH_ENV='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

# Push a built local image to the mirror under the given docker.io refs
# (as 127.0.0.1:PORT/library/REF), dropping each push tag afterwards.
publish() { # LOCAL_REF REF...
  local src=$1 ref
  shift
  for ref in "$@"; do
    docker tag "$src" "${MIRROR_HOST}/library/${ref}"
    quiet "docker push ${ref}" docker push "${MIRROR_HOST}/library/${ref}"
    mirror_has "${ref%%:*}" "${ref#*:}" || die "pushed ${ref} but the mirror does not list it"
    docker image rm "${MIRROR_HOST}/library/${ref}" >/dev/null
    log "  seeded ${ref}"
  done
}

# Remove the local tags the kit uses while building (dojo-kit-build/* and
# 127.0.0.1:PORT/library/<kit image>); images losing their last tag go too.
drop_build_tags() {
  local refs names
  names=$(printf '%s\n' "${KIT_IMAGES[@]%%:*}" | sort -u | paste -sd '|')
  refs=$(docker image ls --format '{{.Repository}}:{{.Tag}}' 2>/dev/null |
    grep -E "^(${BUILD_PREFIX}/|${MIRROR_HOST//./\\.}/library/(${names}):)" || true)
  if [[ -n $refs ]]; then
    # shellcheck disable=SC2086
    docker image rm $refs >>"$KIT_LOG" 2>&1
  fi
}

hello_world() {
  local r="$WORK/hello-world"
  mkdir -p "$r/bin"
  cp /bin/busybox "$r/bin/busybox"
  ln -s busybox "$r/bin/sh"
  cat >"$r/hello" <<'EOF'
#!/bin/sh
arch=$(busybox uname -m)
case "$arch" in x86_64) arch=amd64 ;; aarch64) arch=arm64v8 ;; esac
printf '%s\n' \
  'Hello from Docker!' \
  'This message shows that your installation appears to be working correctly.' \
  '' \
  'To generate this message, Docker took the following steps:' \
  ' 1. The Docker client contacted the Docker daemon.' \
  ' 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.' \
  "    ($arch)" \
  ' 3. The Docker daemon created a new container from that image which runs the' \
  '    executable that produces the output you are currently reading.' \
  ' 4. The Docker daemon streamed that output to the Docker client, which sent it' \
  '    to your terminal.' \
  '' \
  'To try something more ambitious, you can run an Alpine container with:' \
  ' $ docker run -it alpine sh' \
  ''
EOF
  chmod 755 "$r/hello"
  import_rootfs "$r" "${BUILD_PREFIX}/hello-world:latest" --change 'CMD ["/hello"]'
  publish "${BUILD_PREFIX}/hello-world:latest" hello-world:latest
}

busybox_image() {
  local r="$WORK/busybox"
  make_rootfs "$r"
  import_rootfs "$r" "${BUILD_PREFIX}/busybox:1.36" --change "$PATH_ENV" --change 'CMD ["sh"]'
  publish "${BUILD_PREFIX}/busybox:1.36" busybox:1.36 busybox:latest
}

# alpine: an imported base layer plus a `docker build` layer (apk config), so
# the image has two layers, as labs about layers expect.
alpine_image() { # MINOR PATCH REF...
  local minor=$1 patch=$2
  shift 2
  local r="$WORK/alpine-$minor" ctx="$WORK/alpine-$minor-ctx"
  make_rootfs "$r"
  echo "$patch" >"$r/etc/alpine-release"
  cat >"$r/etc/os-release" <<EOF
NAME="Alpine Linux"
ID=alpine
VERSION_ID=${patch}
PRETTY_NAME="Alpine Linux v${minor}"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
EOF
  printf 'Welcome to Alpine Linux %s\nKernel \\r on an \\m (\\l)\n\n' "$minor" >"$r/etc/issue"
  echo localhost >"$r/etc/hostname"
  import_rootfs "$r" "${BUILD_PREFIX}/alpine-base:${minor}" --change "$PATH_ENV" --change 'CMD ["/bin/sh"]'

  mkdir -p "$ctx/overlay/etc/apk" "$ctx/overlay/sbin"
  printf 'https://dl-cdn.alpinelinux.org/alpine/v%s/main\nhttps://dl-cdn.alpinelinux.org/alpine/v%s/community\n' \
    "$minor" "$minor" >"$ctx/overlay/etc/apk/repositories"
  # No package index is reachable from the classroom: a stand-in apk that says so.
  cat >"$ctx/overlay/sbin/apk" <<EOF
#!/bin/sh
case "\$1" in
  --version|-V) echo "apk-tools 2.14.4, compiled for x86_64." ;;
  info) echo busybox; echo alpine-baselayout ;;
  *) echo "ERROR: unable to select packages: no package repository is reachable from this offline engine (Alpine ${patch} stand-in image)" >&2; exit 1 ;;
esac
EOF
  chmod 755 "$ctx/overlay/sbin/apk"
  cat >"$ctx/Dockerfile" <<EOF
FROM ${BUILD_PREFIX}/alpine-base:${minor}
COPY overlay/ /
CMD ["/bin/sh"]
EOF
  build_image "$ctx" "${BUILD_PREFIX}/alpine:${minor}"
  publish "${BUILD_PREFIX}/alpine:${minor}" "$@"
}

# docker build with the classic builder (the Debian engine ships no buildx).
build_image() { # CONTEXT REF
  quiet "docker build $2" env DOCKER_BUILDKIT=0 docker build --pull=false -t "$2" "$1"
}

nginx_image() {
  local r="$WORK/nginx"
  make_rootfs "$r"
  echo 'nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin' >>"$r/etc/passwd"
  echo 'nginx:x:101:nginx' >>"$r/etc/group"
  echo 3.20.3 >"$r/etc/alpine-release"
  mkdir -p "$r/usr/share/nginx/html" "$r/etc/nginx/conf.d" "$r/var/cache/nginx" "$r/var/log/nginx"
  cat >"$r/usr/share/nginx/html/index.html" <<'EOF'
<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
EOF
  cat >"$r/usr/share/nginx/html/50x.html" <<'EOF'
<!DOCTYPE html>
<html>
<head><title>Error</title></head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
</body>
</html>
EOF
  cat >"$r/etc/nginx/nginx.conf" <<'EOF'
# docker-dojo stand-in: this image serves /usr/share/nginx/html with busybox
# httpd on port 80; this file is informational only.
user  nginx;
worker_processes  auto;
events { worker_connections 1024; }
http {
    include /etc/nginx/conf.d/*.conf;
}
EOF
  cat >"$r/etc/nginx/conf.d/default.conf" <<'EOF'
server {
    listen       80;
    server_name  localhost;
    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }
}
EOF
  # `nginx -v` / `nginx -t` answer like nginx; anything else starts the server.
  cat >"$r/usr/sbin/nginx" <<'EOF'
#!/bin/sh
case "$1" in
  -v) echo "nginx version: nginx/1.27.3" >&2; exit 0 ;;
  -V) echo "nginx version: nginx/1.27.3 (docker-dojo stand-in, busybox httpd)" >&2; exit 0 ;;
  -t) echo "nginx: configuration file /etc/nginx/nginx.conf test is successful" >&2; exit 0 ;;
  -s) exit 0 ;;
esac
exec httpd -f -v -p 80 -h /usr/share/nginx/html
EOF
  chmod 755 "$r/usr/sbin/nginx"
  # PID 1 ignores signals it has no handler for, and busybox httpd installs
  # none: this entrypoint forwards TERM/QUIT/INT so `docker stop` is quick.
  cat >"$r/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
# Only the web server gets the signal-forwarding wrapper; anything else
# (e.g. `docker run -it nginx sh`) is exec'd as is.
case "$1" in httpd|nginx) ;; *) exec "$@" ;; esac
[ "$$" = 1 ] || exec "$@"
"$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM QUIT INT
wait "$child"
status=$?
if kill -0 "$child" 2>/dev/null; then wait "$child"; status=$?; fi
exit "$status"
EOF
  chmod 755 "$r/docker-entrypoint.sh"
  import_rootfs "$r" "${BUILD_PREFIX}/nginx:1.27-alpine" \
    --change "$PATH_ENV" \
    --change 'ENV NGINX_VERSION=1.27.3' \
    --change 'EXPOSE 80' \
    --change 'ENTRYPOINT ["/docker-entrypoint.sh"]' \
    --change 'CMD ["httpd","-f","-v","-p","80","-h","/usr/share/nginx/html"]'
  publish "${BUILD_PREFIX}/nginx:1.27-alpine" nginx:1.27-alpine nginx:latest
}

# registry:2 with the real distribution registry binary from Debian.
registry_image() {
  local r="$WORK/registry" bin lib
  bin=$(command -v docker-registry)
  make_rootfs "$r"
  cp "$bin" "$r/bin/registry"
  # The Debian binary is dynamically linked: bring its libraries and loader.
  if ldd "$bin" >/dev/null 2>&1; then
    for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
      mkdir -p "$r$(dirname "$lib")"
      cp -L "$lib" "$r$lib"
    done
  fi
  mkdir -p "$r/etc/docker/registry" "$r/var/lib/registry"
  cat >"$r/etc/docker/registry/config.yml" <<'EOF'
version: 0.1
log:
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
EOF
  cat >"$r/entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
case "$1" in
  *.yaml|*.yml) set -- registry serve "$@" ;;
  serve|garbage-collect|help|-*) set -- registry "$@" ;;
esac
exec "$@"
EOF
  chmod 755 "$r/entrypoint.sh"
  chroot "$r" /bin/registry --version >/dev/null 2>&1 ||
    die "the registry binary does not run inside its rootfs (missing libraries?)"
  import_rootfs "$r" "${BUILD_PREFIX}/registry:2" \
    --change "$PATH_ENV" \
    --change 'EXPOSE 5000' \
    --change 'VOLUME ["/var/lib/registry"]' \
    --change 'ENTRYPOINT ["/entrypoint.sh"]' \
    --change 'CMD ["/etc/docker/registry/config.yml"]'
  publish "${BUILD_PREFIX}/registry:2" registry:2
}

# Debian 12's packages for an image, fetched once into the kit dir with the system's apt
# lists (Debian 12's own archive): deb_fetch DIR PACKAGE...
deb_fetch() {
  local dir=$1 pkg missing=()
  shift
  mkdir -p "$dir"
  for pkg in "$@"; do compgen -G "${dir}/${pkg}_*.deb" >/dev/null || missing+=("$pkg"); done
  ((${#missing[@]})) || return 0
  # shellcheck disable=SC2016  # expanded by the inner shell
  if ! quiet "apt-get download ${missing[*]}" bash -c 'cd "$1" && shift && apt-get -o APT::Sandbox::User=root download "$@"' _ "$dir" "${missing[@]}"; then
    quiet "apt-get update" apt-get -o DPkg::Lock::Timeout=300 update
    # shellcheck disable=SC2016
    quiet "apt-get download ${missing[*]}" bash -c 'cd "$1" && shift && apt-get -o APT::Sandbox::User=root download "$@"' _ "$dir" "${missing[@]}"
  fi
  for pkg in "${missing[@]}"; do compgen -G "${dir}/${pkg}_*.deb" >/dev/null || die "apt-get download did not fetch ${pkg}"; done
}

# Copy the shared libraries (and the loader) a binary needs into a rootfs, looking in the
# rootfs first: copy_libs ROOT BINARY...
copy_libs() {
  local r=$1 bin lib dirs
  shift
  dirs=$(find "$r/usr/lib" "$r/lib" -name '*.so*' -printf '%h\n' 2>/dev/null | sort -u | paste -sd: || true)
  for bin in "$@"; do
    for lib in $(LD_LIBRARY_PATH=$dirs ldd "$bin" | grep -o '/[^ ]*'); do
      [[ $lib == "$r"/* ]] && continue
      [[ -e $r$lib ]] && continue
      mkdir -p "$r$(dirname "$lib")"
      cp -L "$lib" "$r$lib"
    done
  done
}

# redis:7-alpine with the real Redis server and CLI from Debian 12's redis-server and
# redis-tools, its libraries, and gosu to drop to the redis user, as Docker Hub's image does.
redis_image() {
  local r="$WORK/redis" debs="${KIT_DIR}/debs/redis" deb x="$WORK/redis-debs" bin
  deb_fetch "$debs" redis-server redis-tools libjemalloc2 liblzf1 gosu
  mkdir -p "$x"
  for deb in "$debs"/*.deb; do quiet "dpkg-deb -x $(basename "$deb")" dpkg-deb -x "$deb" "$x"; done
  make_rootfs "$r"
  echo 'redis:x:999:1000:redis:/home/redis:/sbin/nologin' >>"$r/etc/passwd"
  echo 'redis:x:1000:redis' >>"$r/etc/group"
  echo 3.20.3 >"$r/etc/alpine-release"
  mkdir -p "$r/data" "$r/home/redis" "$r/usr/lib"
  chown 999:1000 "$r/data" "$r/home/redis"
  cp -a "$x/usr/lib/." "$r/usr/lib/"
  for bin in redis-check-rdb redis-check-aof redis-cli redis-benchmark; do
    cp "$x/usr/bin/$bin" "$r/usr/local/bin/$bin"
  done
  ln -s redis-check-rdb "$r/usr/local/bin/redis-server"
  ln -s redis-check-aof "$r/usr/local/bin/redis-sentinel"
  cp "$x/usr/sbin/gosu" "$r/usr/local/bin/gosu"
  copy_libs "$r" "$r/usr/local/bin/redis-check-rdb" "$r/usr/local/bin/redis-cli" "$r/usr/local/bin/redis-benchmark"
  cat >"$r/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
# `docker run redis:7-alpine --appendonly yes` or `... /path/redis.conf`: options for the server.
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi
# Started as root: own the data folder, then run the server as the redis user.
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec gosu redis "$0" "$@"
fi
# Without a config file the server answers other containers, not only localhost, as Docker
# Hub's image is built to.
if [ "$1" = redis-server ] && { [ $# = 1 ] || [ "${2#-}" != "$2" ]; }; then
  shift
  set -- redis-server --protected-mode no "$@"
fi
umask 0077
exec "$@"
EOF
  chmod 755 "$r/usr/local/bin/docker-entrypoint.sh"
  chroot "$r" /usr/local/bin/redis-server --version >/dev/null 2>&1 ||
    die "redis-server does not run inside its rootfs (missing libraries?)"
  chroot "$r" /usr/local/bin/redis-cli --version >/dev/null 2>&1 ||
    die "redis-cli does not run inside its rootfs (missing libraries?)"
  import_rootfs "$r" "${BUILD_PREFIX}/redis:7-alpine" \
    --change "$PATH_ENV" \
    --change 'ENV REDIS_VERSION=7.0.15' \
    --change 'VOLUME ["/data"]' \
    --change 'WORKDIR /data' \
    --change 'EXPOSE 6379' \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
    --change 'CMD ["redis-server"]'
  publish "${BUILD_PREFIX}/redis:7-alpine" redis:7-alpine
}

built=0
BUILDING=1
drop_build_tags
build_if_needed() { # FUNC [ARGS...] -- REF...
  local fn=() refs=()
  while [[ $1 != -- ]]; do fn+=("$1"); shift; done
  shift
  refs=("$@")
  if need_build "${refs[@]}"; then
    log "building ${refs[*]}"
    "${fn[@]}"
    built=$((built + 1))
  fi
}
build_if_needed hello_world -- hello-world:latest
build_if_needed busybox_image -- busybox:1.36 busybox:latest
build_if_needed alpine_image 3.19 3.19.4 alpine:3.19 -- alpine:3.19
build_if_needed alpine_image 3.20 3.20.3 alpine:3.20 alpine:latest -- alpine:3.20 alpine:latest
build_if_needed nginx_image -- nginx:1.27-alpine nginx:latest
build_if_needed registry_image -- registry:2
build_if_needed redis_image -- redis:7-alpine
drop_build_tags
BUILDING=0
((built)) || log "all stand-in images already in the mirror (DOJO_KIT_REBUILD=1 forces a rebuild)"

# The mirror's own tags are the kit's to drop. Copies under docker.io names may be a learner's:
# they are dropped only when asked (DOJO_KIT_CLEAN_LOCAL=1, for a fresh CI engine).
STEP="resetting local images"
for ref in "${KIT_IMAGES[@]}"; do
  tags=("${MIRROR_HOST}/library/${ref}")
  [[ ${DOJO_KIT_CLEAN_LOCAL:-0} == 1 ]] && tags+=("$ref")
  for tag in "${tags[@]}"; do
    if docker image inspect "$tag" >/dev/null 2>&1; then
      if [[ $tag == "$ref" && -n $(docker ps -aq --filter "ancestor=$tag" 2>/dev/null) ]]; then
        log "kept local ${tag}: containers on this engine were made from it"
      elif docker image rm "$tag" >>"$KIT_LOG" 2>&1; then
        log "removed local ${tag} (labs pull it themselves)"
      else
        log "warning: ${tag} is in use by a container; left in place"
      fi
    fi
  done
done

# ------------------------------------------------------------ optional smoke test
if [[ $SELFTEST == 1 ]]; then
  STEP="self-test"
  SELFTESTING=1
  st_cleanup
  log "self-test: pull + run hello-world"
  quiet "pull hello-world" docker pull hello-world:latest
  greeting=$(docker run --rm hello-world:latest 2>&1 || true)
  [[ $greeting == "Hello from Docker!"* ]] || die "hello-world did not greet (got: ${greeting:0:80})"
  log "self-test: nginx answers HTTP"
  quiet "pull nginx" docker pull nginx:1.27-alpine
  quiet "run nginx" docker run -d --name dojo-kit-selftest-web -p 127.0.0.1:5980:80 nginx:1.27-alpine
  ok=0
  for _ in $(seq 1 20); do
    curl -fsS -m 2 http://127.0.0.1:5980/ 2>/dev/null | grep -q 'Welcome to nginx!' && { ok=1; break; }
    sleep 0.5
  done
  ((ok)) || die "nginx stand-in did not serve its welcome page"
  log "self-test: registry:2 accepts a push"
  quiet "pull registry" docker pull registry:2
  quiet "run registry" docker run -d --name dojo-kit-selftest-reg -p 127.0.0.1:5999:5000 registry:2
  for _ in $(seq 1 20); do curl -fsS -m 2 -o /dev/null http://127.0.0.1:5999/v2/ 2>/dev/null && break; sleep 0.5; done
  docker tag registry:2 127.0.0.1:5999/selftest:1
  quiet "push to registry:2" docker push 127.0.0.1:5999/selftest:1
  curl -fsS http://127.0.0.1:5999/v2/selftest/tags/list | grep -q '"1"' || die "registry:2 does not list the pushed tag"
  st_cleanup
  SELFTESTING=0
  log "self-test passed"
fi

# ------------------------------------------------------------------- 5. summary
STEP="summary"
server_version=$(docker version --format '{{.Server.Version}}' 2>/dev/null || echo unknown)
echo
echo "docker-dojo engine kit ready ($(($(date +%s) - START_TS)) s)"
builder="legacy builder"
docker buildx version >/dev/null 2>&1 && builder="BuildKit (buildx)"
echo "  engine : Docker ${server_version}, ${STORE} image store, ${builder} (--engine ${ENGINE} --store ${STORE})"
echo "           socket ${DOCKER_SOCK}, log ${DOCKERD_LOG}"
echo "  mirror : ${MIRROR_URL} (data ${KIT_DIR}/registry, log ${KIT_DIR}/registry.log)"
echo "  images : ${KIT_IMAGES[*]}"
exit 0
