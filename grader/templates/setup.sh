#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image; the bundle is
# unpacked in /autograder/source. It installs bubblewrap (official grading refuses to run
# student code it cannot isolate) and the kit, solutions included, into /autograder/venv.
#
#   RNN_GRADE_TORCH_INDEX   where torch comes from (default: PyTorch's CPU-only wheels, far
#                           smaller than PyPI's CUDA build); empty: PyPI alone
#   RNN_GRADE_SKIP_INSTALL  1: install nothing (the kit's own tests); /autograder/venv becomes
#                           a link to the environment of $RNN_GRADE_PYTHON, which has the kit
#   RNN_GRADE_PYTHON        the interpreter to use (default: the newest python3.N >= 3.11)
set -euo pipefail

SOURCE=/autograder/source
VENV=/autograder/venv
TORCH_INDEX=${RNN_GRADE_TORCH_INDEX-https://download.pytorch.org/whl/cpu}

find_python() {  # the first interpreter that is Python 3.11 or newer with venv and ensurepip
    local candidate
    for candidate in "${RNN_GRADE_PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        if [ -n "$candidate" ] && command -v "$candidate" >/dev/null &&
            "$candidate" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

install_system_packages() {
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends bubblewrap python3 python3-venv python3-pip
    if ! find_python >/dev/null; then  # Ubuntu 22.04's python3 is 3.10; the kit needs 3.11
        apt-get install -y -qq --no-install-recommends python3.11 python3.11-venv
    fi
}

install_kit() {
    local python
    python=$(find_python) || { echo "setup.sh: no Python 3.11 or newer could be installed" >&2; exit 1; }
    "$python" -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet ${TORCH_INDEX:+--extra-index-url "$TORCH_INDEX"} "$SOURCE"
}

link_existing_environment() {
    local python=${RNN_GRADE_PYTHON:?RNN_GRADE_SKIP_INSTALL needs RNN_GRADE_PYTHON, an interpreter that has the kit}
    ln -sfn "$("$python" -c 'import sys; print(sys.prefix)')" "$VENV"
}

if [ "${RNN_GRADE_SKIP_INSTALL:-}" = 1 ]; then
    link_existing_environment
else
    install_system_packages
    install_kit
fi

# Fail the image build now rather than every submission later.
"$VENV/bin/python" -c 'import grader.cli, numpy, torch' || {
    echo "setup.sh: the kit does not import from $VENV" >&2
    exit 1
}
[ -d "$SOURCE/solutions/hidden_checks" ] || {
    echo "setup.sh: $SOURCE/solutions/hidden_checks is missing; rebuild the bundle from the instructor's kit" >&2
    exit 1
}
command -v bwrap >/dev/null || {
    echo "setup.sh: bubblewrap (bwrap) is missing; official grading will refuse every submission" >&2
    exit 1
}
echo "setup.sh: rnn-grade is ready in $VENV"
