"""Plain data every layer shares: issues with their codes, results, exit codes, file problems, cell addresses and Vietnamese conventions."""
