"""The intake stage: reports in, stored raw and never lost."""

DEFAULT_MAX_BYTES = 5_000_000  # a file (or a feed line) larger than this is refused, not read
