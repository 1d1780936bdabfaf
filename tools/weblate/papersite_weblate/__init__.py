"""A small Django app in our Weblate (tools/weblate/settings.py installs it):
what Weblate 5.14 leaves out for a project whose components are discovered."""
