"""Print: the network book (and its large-print edition) and the area sheets, as PDFs."""
