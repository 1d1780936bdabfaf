"""The live preview behind ``python -m papersite serve``: a save rebuilds the pages
of the languages it touches in under a second and reloads them in the browser;
the PDF follows.

- ``changes``: which languages a changed file touches, and how much of them;
- ``warm``: one process per language holding a ready Sphinx application, from
  which each build is forked;
- ``server``: the web server (Starlette on uvicorn, the stack sphinx-autobuild
  uses): pages, the reload socket, the script it injects into every page.
"""
