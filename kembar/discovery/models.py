"""Models of kembar.discovery."""
