"""Price data: the price-file model, where price files are found, and AWS offer importers."""
