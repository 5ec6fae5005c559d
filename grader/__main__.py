"""`python -m grader` is the same as `rnn-grade`."""
import sys

try:
    from grader.cli import main

    code = main()
except KeyboardInterrupt:  # Ctrl-C before the command could take it: no traceback
    code = 0 if "--watch" in sys.argv else 130
raise SystemExit(code)
