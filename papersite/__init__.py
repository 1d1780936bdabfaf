"""Build tooling for the multilingual whitepaper site.

The package holds the Sphinx extensions that the site needs beyond stock Sphinx
(``papersite.sphinxext``) and the command line that orchestrates the builds
(``papersite.cli``).
"""
