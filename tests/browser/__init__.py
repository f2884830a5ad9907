"""The portal as a reader sees it, in headless Chromium (marker: browser).

A package, so that its conftest.py and helper module are `browser.conftest` and
`browser.pages` and never shadow the top-level tests/conftest.py."""
