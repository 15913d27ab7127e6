"""The NLU pipeline's own components, named in config.yml in the order they run."""
