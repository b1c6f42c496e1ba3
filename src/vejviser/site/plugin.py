"""The MkDocs plugin: a thin adapter between the pure page generation and MkDocs.

One job per event: ``on_config`` validates the records (refusing to build when any is
invalid), generates the pages and puts the navigation and theme additions in place;
``on_files`` hands the pages and assets to MkDocs with ``File.generated`` (nothing is
written into ``docs_dir``) and starts the search index in the background;
``on_page_content`` hands over the pages' HTML, which needs no Markdown pass;
``on_post_build`` waits for the search index.
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
from vejviser.settings import Settings, SettingsError, load_settings
from vejviser.site import urls
from vejviser.site.icons import icon_files
from vejviser.site.pages import GeneratedSite, generate_pages
from vejviser.site.search import INDEX_DIR, SearchIndexer, SearchIndexError
from vejviser.validate.project import Result, validate_project

#: Files of ours served by the site itself, under assets/vejviser/.
ASSETS = ("vejviser.css", "search.js")
#: Line breaks followed by indentation; activity pages hold no <pre> or <textarea>, where it would matter.
_INDENT = re.compile(r"\n\s+")


class VejviserConfig(Config):
    project_dir = config_options.Optional(config_options.Type(str))
    """The folder with vejviser.yaml, activities/ and organisations/ (default: beside mkdocs.yml)."""
    search = config_options.Type(bool, default=True)
    """Build the Pagefind search index (off for quick previews)."""


class VejviserPlugin(BasePlugin[VejviserConfig]):
    def __init__(self):
        super().__init__()
        self.site: GeneratedSite | None = None
        self.bodies: dict[str, str] = {}
        self.indexer = SearchIndexer()
        #: Set by ``vejviser build``, which has validated already, so that validation runs once.
        self.validated: tuple[Settings, Result] | None = None

    def _validate(self, config) -> tuple[Settings, Result]:
        if self.validated is not None:
            return self.validated
        root = Path(self.config.project_dir or Path(config.config_file_path).parent)
        try:
            settings = load_settings(root)
        except SettingsError as exc:
            raise PluginError("\n" + render_text(exc.problems, Messages())) from None
        return settings, validate_project(settings)

    def on_config(self, config, /):
        settings, result = self._validate(config)
        messages = Messages(settings.language)
        if not result.ok:
            raise PluginError("\n" + render_text(result.errors, messages))
        self.site = generate_pages(settings, result.activities, result.organisations, messages)
        self.language = settings.language
        config.nav = [entry.as_mkdocs() for entry in self.site.nav] + list(config.nav or [])
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
        self.bodies = {}
        for page in self.site.pages:
            if files.get_file_from_path(page.path) is None:  # a hand-written page of the same name wins
                # MkDocs reads the front matter; the body is already HTML and skips the Markdown pass.
                files.append(File.generated(config, page.path, content=f"---\n{page.front_matter}\n---\n"))
                self.bodies[page.path] = page.body
        folder = resources.files("vejviser").joinpath("assets")
        for name in ASSETS:
            files.append(File.generated(config, f"assets/vejviser/{name}", abs_src_path=str(folder / name)))
        for site_path, source in icon_files().items():
            files.append(File.generated(config, site_path, abs_src_path=str(source)))
        if self.config.search:
            site = self.site
            output = Path(config.site_dir) / INDEX_DIR
            self.indexer = SearchIndexer(self.language)
            self.indexer.start(site.current, site.labels, site.descriptions, output)
        return files

    def on_page_content(self, html: str, /, *, page, config, files) -> str:
        return self.bodies.get(page.file.src_uri, html)

    def on_post_page(self, output: str, /, *, page, config) -> str:
        # Material's templates indent deeply; activity pages are many, so keep them small.
        if page.file.src_uri.startswith(f"{urls.ACTIVITIES}/"):
            return _INDENT.sub("\n", output)
        return output

    def on_post_build(self, *, config) -> None:
        try:
            self.indexer.finish()
        except SearchIndexError as exc:
            raise PluginError(f"Pagefind:\n{exc}") from None

    def on_build_error(self, *, error) -> None:
        self.indexer.cancel()
