"""Everything between an untrusted file and a parser: limits, sniffing, zip and XML checks, workers."""
