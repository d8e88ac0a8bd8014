"""Plain data every layer shares: issues, results, exit codes, cell addresses, Vietnamese conventions."""
