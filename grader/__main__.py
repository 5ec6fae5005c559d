"""`python -m grader` is the same as `rnn-grade`."""
from grader.cli import main

raise SystemExit(main())
