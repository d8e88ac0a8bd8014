"""Reading checked workbooks: raw cells with true addresses, Vietnamese cell parsing, legacy encodings, the workbook contract."""
