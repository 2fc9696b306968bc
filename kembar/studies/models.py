"""Models of kembar.studies."""
