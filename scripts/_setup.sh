# Shared by scripts/demo and scripts/test: a virtual environment in .venv with the project.
# Sourced, not run. On a fresh Debian machine run as root, it also installs what Python's
# venv and Qt need from Debian; otherwise it says which command to run.

PYTHON="${PYTHON:-python3}"
DEBIAN_QT_LIBS=(libglib2.0-0 libgl1 libxkbcommon0 libegl1 libfontconfig1 libdbus-1-3)
DEBIAN_QT_WINDOW_LIBS=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1)

say() { printf '\033[1m%s\033[0m\n' "$*" >&2; }

check_python() {
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    say "Python 3.11 ou plus récent est nécessaire (commande $PYTHON introuvable)."
    exit 1
  fi
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    say "Python 3.11 ou plus récent est nécessaire ($("$PYTHON" --version) trouvé)."
    exit 1
  fi
}

apt_install() {
  # Only as root on Debian/Ubuntu, and only for what is missing.
  command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "Paquets Debian manquants : ${missing[*]}"
    say "Installez-les avec : sudo apt-get install -y ${missing[*]}"
    return 0
  fi
  say "Installation des paquets Debian : ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

setup_venv() {
  # $1: the pip extra to install ("" for the application only, "test" for the test suite).
  local extra="$1"
  check_python
  local pyver
  pyver=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    apt_install "python${pyver}-venv"
  fi
  if [ ! -x .venv/bin/python ]; then
    say "Création de l'environnement Python dans .venv"
    "$PYTHON" -m venv .venv
  fi
  local target="."
  [ -n "$extra" ] && target=".[$extra]"
  # Reinstall only when the dependencies changed.
  local stamp=".venv/.installed-$(cat pyproject.toml | cksum | cut -d' ' -f1)-${extra:-app}"
  if [ ! -f "$stamp" ]; then
    say "Installation des dépendances (une fois : quelques minutes, PySide6 pèse environ 200 Mo)"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --progress-bar off -e "$target" 2>&1 | pip_progress
    touch "$stamp"
  fi
}

pip_progress() {
  # One short French line per package fetched, so minutes of downloads do not look stuck;
  # pip's errors pass through as they are (its notices would read as failures).
  local count=0 line
  while IFS= read -r line; do
    case "$line" in
      Collecting\ *)
        count=$((count + 1))
        line=${line#Collecting }
        printf '  %3d. %s\n' "$count" "${line%% (from *}" >&2 ;;
      Installing\ collected\ packages*) printf '  installation des %d paquets…\n' "$count" >&2 ;;
      Successfully\ installed*) printf '  terminé.\n' >&2 ;;
      ERROR*|*error:*) printf '%s\n' "$line" >&2 ;;
    esac
  done
}
