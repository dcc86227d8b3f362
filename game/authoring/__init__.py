"""Tools for scenario writers, built on the engine: lint, graph, playtest, explore, new."""
