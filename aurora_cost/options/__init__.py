"""The ways to run a workload: one module per option kind."""
