"""The MkDocs plugin: a thin adapter that hands the generated pages to MkDocs.

It validates the records, refuses to build when any is invalid, and adds each page
with ``File.generated``; it never writes into ``docs_dir``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from vejviser.i18n import Messages
from vejviser.report import render_text
from vejviser.settings import SettingsError, load_settings
from vejviser.site.pages import generate_pages
from vejviser.validate.project import validate_project


class VejviserConfig(Config):
    project_dir = config_options.Optional(config_options.Type(str))
    """The folder with vejviser.yaml, activities/ and organisations/ (default: beside mkdocs.yml)."""


class VejviserPlugin(BasePlugin[VejviserConfig]):
    def on_files(self, files: Files, /, *, config) -> Files:
        root = Path(self.config.project_dir or Path(config.config_file_path).parent)
        try:
            settings = load_settings(root)
        except SettingsError as exc:
            raise PluginError("\n" + render_text(exc.problems, Messages())) from None
        messages = Messages(settings.language)
        result = validate_project(settings)
        if not result.ok:
            raise PluginError("\n" + render_text(result.errors, messages))
        for page in generate_pages(settings, result.activities, result.organisations, messages):
            existing = files.get_file_from_path(page.path)
            if existing is not None:  # a hand-written page of the same name wins
                continue
            files.append(File.generated(config, page.path, content=page.content))
        return files
