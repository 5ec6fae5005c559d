"""The worker-process side: where student code runs and how the grader talks to it.

- `worker`: the process that imports one module and answers calls (`python -P -m
  grader.sandbox.worker`), with `worker_tools`, the grader's helpers that run in it;
- `client`: the grader's handle on a worker (start, send, time limits, kill);
- `wire`: the messages between them, plain JSON and arrays without pickle;
- `isolation`: picks and verifies the layer for a run (bubblewrap, else Landlock, else it
  refuses), with `bubblewrap` (its command line), `landlock` (the fallback's rules), `probe`
  (run inside a layer to check it), `launch` (clean environments, private folders), `copy`
  (links left out), `limits`, and `reaper` (no escaped daemon outlives grading).
"""
