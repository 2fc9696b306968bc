"""Models of kembar.trade."""
