"""The public checks, one module per exercise; hidden checks live with the solutions."""
