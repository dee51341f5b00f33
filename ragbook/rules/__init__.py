"""The rules: the plan model and pure functions over it (no file I/O, no clock)."""
