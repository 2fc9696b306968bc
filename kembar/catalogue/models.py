"""Models of kembar.catalogue."""
