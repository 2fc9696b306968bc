"""Models of kembar.seeking."""
