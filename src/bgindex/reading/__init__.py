"""Reading checked workbooks: cells with true addresses, Vietnamese values, legacy fonts, the contract."""
