"""Benchmark-only Django app: the bench data generators, the page list and query counter,
and a constant bare page. Installed only when BENCH=1 (set by the bench/ scripts), so
production code carries no benchmark branches."""
