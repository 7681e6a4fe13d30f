"""Example applications tested with pytest-sqsmock (a package so their modules import by path)."""
