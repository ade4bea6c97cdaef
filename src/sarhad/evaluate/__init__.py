"""Measuring the read stage and fusion against gold annotations: the scorer and ``sarhad eval``."""
