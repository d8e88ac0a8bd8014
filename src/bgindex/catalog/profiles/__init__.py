"""The shipped catalogue profiles (TOML data files), read through importlib.resources."""
