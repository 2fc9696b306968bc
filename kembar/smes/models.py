"""Models of kembar.smes."""
