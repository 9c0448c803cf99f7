"""Préau's benchmark suite (`make bench`): département-scale data, each scenario beside its floor."""
