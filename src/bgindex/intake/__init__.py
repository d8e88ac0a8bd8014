"""Everything between an untrusted file and a parser: limits, sniffing, container and XML checks, per-format scanners, the isolated worker pool."""
