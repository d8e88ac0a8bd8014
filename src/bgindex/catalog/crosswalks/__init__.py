"""Shipped crosswalks (TOML data files), one per reorganisation between two profiles' years."""
