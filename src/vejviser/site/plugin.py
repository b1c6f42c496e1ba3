"""The MkDocs plugin: a thin adapter between the pure page generation and MkDocs.

One job per event: ``on_config`` validates the records (refusing to build when any is
invalid), generates the pages and puts the navigation and theme additions in place;
``on_files`` hands the pages and assets to MkDocs with ``File.generated`` (nothing is
written into ``docs_dir``); ``on_post_build`` builds the search index.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from vejviser.i18n import Messages
from vejviser.report import render_text
from vejviser.settings import SettingsError, load_settings
from vejviser.site import urls
from vejviser.site.icons import icon_files
from vejviser.site.pages import GeneratedPage, generate_pages
from vejviser.site.search import build_index
from vejviser.validate.project import validate_project

#: Files of ours served by the site itself, under assets/vejviser/.
ASSETS = ("vejviser.css", "search.js")
#: Line breaks followed by indentation; activity pages hold no <pre> or <textarea>, where it would matter.
_INDENT = re.compile(r"\n\s+")


class VejviserConfig(Config):
    project_dir = config_options.Optional(config_options.Type(str))
    """The folder with vejviser.yaml, activities/ and organisations/ (default: beside mkdocs.yml)."""
    search = config_options.Type(bool, default=True)
    """Build the Pagefind search index after the site (off for quick previews)."""


class VejviserPlugin(BasePlugin[VejviserConfig]):
    def __init__(self):
        super().__init__()
        self.pages: list[GeneratedPage] = []

    def on_config(self, config, /):
        root = Path(self.config.project_dir or Path(config.config_file_path).parent)
        try:
            settings = load_settings(root)
        except SettingsError as exc:
            raise PluginError("\n" + render_text(exc.problems, Messages())) from None
        messages = Messages(settings.language)
        result = validate_project(settings)
        if not result.ok:
            raise PluginError("\n" + render_text(result.errors, messages))
        self.pages, nav = generate_pages(settings, result.activities, result.organisations, messages)
        config.nav = [entry.as_mkdocs() for entry in nav] + list(config.nav or [])
        theme_dir = str(resources.files("vejviser").joinpath("theme"))
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        config.extra_css.append("assets/vejviser/vejviser.css")
        script = ExtraScriptValue("assets/vejviser/search.js")
        script.type = "module"
        config.extra_javascript.append(script)
        config.extra["vejviser"] = {
            "example_data": settings.example_data,
            "municipality": settings.municipality,
            "municipality_website": settings.municipality_website,
            "contact": vars(settings.contact),
            "accessibility_statement": settings.accessibility_statement,
            "texts": {
                "example_data": messages("footer.example_data"),
                "contact": messages("footer.contact"),
                "accessibility": messages("footer.accessibility"),
            },
        }
        return config

    def on_files(self, files: Files, /, *, config) -> Files:
        for page in self.pages:
            if files.get_file_from_path(page.path) is None:  # a hand-written page of the same name wins
                files.append(File.generated(config, page.path, content=page.content))
        folder = resources.files("vejviser").joinpath("assets")
        for name in ASSETS:
            files.append(File.generated(config, f"assets/vejviser/{name}", abs_src_path=str(folder / name)))
        for site_path, source in icon_files().items():
            files.append(File.generated(config, site_path, abs_src_path=str(source)))
        return files

    def on_post_page(self, output: str, /, *, page, config) -> str:
        # Material's templates indent deeply; activity pages are many, so keep them small.
        if page.file.src_uri.startswith(f"{urls.ACTIVITIES}/"):
            return _INDENT.sub("\n", output)
        return output

    def on_post_build(self, *, config) -> None:
        if self.config.search:
            build_index(Path(config.site_dir))
