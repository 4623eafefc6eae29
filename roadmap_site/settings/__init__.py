"""Settings package.

``base`` is the one configuration for every environment, read from the
environment; ``test`` adjusts it for the test suite.
"""
