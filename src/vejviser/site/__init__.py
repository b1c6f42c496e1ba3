"""The website: page generation, the MkDocs plugin and the all-or-nothing build."""
