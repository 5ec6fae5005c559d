"""Where student code runs: bubblewrap isolation, resource limits, clean worker launches.

`isolation.Sandbox` picks and verifies the layer for a grading run, `bubblewrap` builds
the sandbox's command line, `launch` starts any worker with a cleared environment and a
private folder, `copy` copies a submission without following links, `limits` caps
memory, CPU time, processes and files, and `probe` runs inside the sandbox to check it.
"""
