"""The MkDocs plugin: a thin adapter between the pure page generation and MkDocs.

One job per event: ``on_config`` validates the records (refusing to build when any is
invalid), generates the pages and puts the navigation and theme additions in place;
``on_files`` hands the pages and assets to MkDocs with ``File.generated`` (nothing is
written into ``docs_dir``), each page as an :class:`HtmlPage` whose body needs no
Markdown pass, and starts the search index in the background; ``on_post_page`` draws the
activity pages from one :class:`~vejviser.site.frame.Frame` of the theme's page;
``on_post_build`` waits for the search index.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from vejviser import clock
from vejviser.cache import BuildCache
from vejviser.export.calendar import calendar_files
from vejviser.i18n import Messages
from vejviser.present import urls
from vejviser.present.directory import Directory
from vejviser.present.icons import icon_files
from vejviser.printed.book import PART_ENTRIES
from vejviser.printed.make import BackgroundEditions, PrintJob, edition_key
from vejviser.printed.typeset import PrintError
from vejviser.problems import Problem
from vejviser.report import render_text
from vejviser.settings import Settings, SettingsError, load_settings
from vejviser.site.frame import Frame
from vejviser.site.pages import GeneratedPage, GeneratedSite, generate_pages
from vejviser.site.search import INDEX_DIR, SearchIndexer, SearchIndexError
from vejviser.site.search_words import SearchWords
from vejviser.site.shortlist import head as shortlist_head
from vejviser.validate.project import Result, validate_project

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.utils.templates import TemplateContext

log = logging.getLogger("mkdocs.plugins.vejviser")

#: Files of ours served by the site itself, under assets/vejviser/.
ASSETS = ("vejviser.css", "dom.js", "meetings.js", "search.js", "query.js", "map.js", "form.js", "form_checks.js",
          "shortlist.js", "nav.js")  # fmt: skip
#: The theme template activity pages name; it draws nothing, the plugin fills in the frame.
FRAMED_TEMPLATE = "vejviser-framed.html"
#: Line breaks followed by indentation; activity pages hold no <pre> or <textarea>, where it would matter.
_INDENT = re.compile(r"\n\s+")
#: The JSON Schemas published with the site, at /schema/<name>.
SCHEMAS = tuple(f"{kind}.schema.json" for kind in ("activity", "organisation", "settings"))


class VejviserConfig(Config):
    project_dir = config_options.Optional(config_options.Type(str))
    """The folder with vejviser.yaml, activities/ and organisations/ (default: beside mkdocs.yml)."""
    search = config_options.Type(bool, default=True)
    """Build the Pagefind search index (off for quick previews)."""
    frame = config_options.Type(bool, default=True)
    """Draw activity pages from one rendering of the theme's page (off: the theme renders each)."""
    print = config_options.Type(bool, default=True)
    """Make the network book, its large print, the area sheets and each listed activity's invitation and poster
    as PDFs, and link them (off for quick previews)."""


class HtmlPage(Page):
    """A generated page: its front matter is known already and its body is HTML.

    Framed pages name :data:`FRAMED_TEMPLATE`, so that MkDocs leaves the drawing to the plugin.
    """

    def __init__(
        self, file: File, config: MkDocsConfig, page: GeneratedPage, framed: bool, nav_title: str | None = None
    ):
        super().__init__(nav_title, file, config)  # MkDocs would take a nav entry's title from the config
        self.generated = page
        self.framed = framed

    def read_source(self, config: MkDocsConfig) -> None:
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is None:
            self.markdown, self.meta = "", dict(self.generated.meta)  # what the file's front matter says
        else:  # another plugin gives the source
            self.markdown, self.meta = get_data(source)
        if self.framed:
            self.meta["template"] = FRAMED_TEMPLATE

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = self.generated.body
        self.toc = get_toc([])


class VejviserPlugin(BasePlugin[VejviserConfig]):
    def __init__(self) -> None:
        super().__init__()
        #: What ``on_config`` finds and makes: the settings and their messages (Danish until then), the
        #: directory and its pages.
        self.settings: Settings | None = None
        self.messages = Messages()
        self.language = self.messages.lang
        self.directory: Directory | None = None
        self.site: GeneratedSite | None = None
        self.theme_template: jinja2.Template | None = None
        self.frame: Frame | None = None
        self.frame_tried = False
        self.context: TemplateContext | None = None
        self.indexer = SearchIndexer()
        self.printer = PrintJob()
        self.search_done = threading.Event()
        #: Set by ``vejviser build``, which has validated already, so that validation runs once.
        self.validated: tuple[Settings, Result] | None = None
        #: Under ``mkdocs serve``: the printed editions, made in the background (set by ``on_startup``),
        #: and the records' errors shown at the top of every page (HTML), until they are fixed.
        self.serving = False
        self.problems = ""
        self.background: BackgroundEditions | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defined, MkDocs keeps this plugin from one rebuild to the next (under ``serve``, and for
        # every build in the same process): what one build finds is set again by the next.
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        if self.background is not None:
            self.background.stop()
        self.serving, self.background = False, None

    def _validate(self, config: MkDocsConfig) -> tuple[Settings, Result]:
        # For this build only: MkDocs keeps the plugin for the next build in the same process.
        validated, self.validated = self.validated, None
        if validated is not None:
            return validated
        root = Path(self.config.project_dir or Path(config.config_file_path).parent)
        try:
            settings = load_settings(root)
        except SettingsError as exc:
            raise PluginError("\n" + render_text(exc.problems, Messages())) from None
        return settings, validate_project(settings, cache=BuildCache.of_project(settings.root))

    def on_config(self, config: MkDocsConfig, /) -> MkDocsConfig:
        settings, result = self._validate(config)
        messages = Messages(settings.language)
        self.problems = ""
        if not result.ok:
            if not self.serving:
                raise PluginError("\n" + render_text(result.errors, messages))
            # Under serve: the site of the valid records, each page saying what to fix (and the
            # terminal too), not the last site as if nothing were wrong.
            log.error("\n" + render_text(result.errors, messages))
            self.problems = _problems_banner(result.errors, messages)
        self.directory = directory = Directory(settings, result, messages, clock.today())
        printed = directory.printed_links() if self.config.print else []
        cache = BuildCache.of_project(settings.root)
        self.site = generate_pages(directory, printed, invitations=self.config.print, cache=cache)
        self.settings, self.messages = settings, messages
        self.language = settings.language
        config.nav = [entry.as_mkdocs() for entry in self.site.nav] + list(config.nav or [])
        theme_dir = str(resources.files("vejviser").joinpath("theme"))
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        # The pages' <html lang> and Material's own words (its menus, buttons) follow the settings.
        config.theme["language"] = settings.language
        config.extra_css.append("assets/vejviser/vejviser.css")
        # each does nothing on a page without its part
        for name in ("meetings.js", "search.js", "map.js", "form.js", "shortlist.js", "nav.js"):
            script = ExtraScriptValue(f"assets/vejviser/{name}")
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
                **{key: messages(f"nav.{key}") for key in ("primary", "menu", "for_associations")},
            },
            # The nav's first entries are the citizens' (the theme's menu); mkdocs.yml's come after them.
            "citizen_nav": len(self.site.nav),
            # "Gem på listen" on every page and the link to "Min liste" (theme/main.html hands them to shortlist.js)
            "shortlist": {"url": urls.url(urls.SHORTLIST), "data": shortlist_head(messages)},
        }
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.site is not None and self.directory is not None, "made by on_config, which comes first"
        nav_titles = {page.path: page.title for entry in self.site.nav for page in entry.pages()}
        for page in self.site.pages:
            if files.get_file_from_path(page.path) is None:  # a hand-written page of the same name wins
                file = File.generated(config, page.path, content=f"---\n{page.front_matter}\n---\n")
                framed = self.config.frame and _is_activity(page.path)
                HtmlPage(file, config, page, framed, nav_titles.get(page.path))  # becomes file.page
                files.append(file)
        for path, text in self.site.files:
            files.append(File.generated(config, path, content=text))
        # The calendars (.ics, bytes: CRLF as written), on every core before the search and print jobs start.
        for path, content in calendar_files(self.directory, BuildCache.of_project(self.directory.settings.root)):
            files.append(File.generated(config, path, content=content))
        folder = resources.files("vejviser").joinpath("assets")
        for name in ASSETS:
            files.append(File.generated(config, f"assets/vejviser/{name}", abs_src_path=str(folder / name)))
        vendor = Path(str(folder / "vendor"))
        for source in sorted(vendor.rglob("*")):
            if source.is_file() and source.name != "README.md":  # the libraries and their licences
                site_path = f"assets/vendor/{source.relative_to(vendor).as_posix()}"
                files.append(File.generated(config, site_path, abs_src_path=str(source)))
        for site_path, source in icon_files().items():
            files.append(File.generated(config, site_path, abs_src_path=str(source)))
        # The schemas, so that an editor (or a form) elsewhere can check a record against them.
        schemas = resources.files("vejviser").joinpath("schema")
        for name in SCHEMAS:
            files.append(File.generated(config, f"schema/{name}", abs_src_path=str(schemas / name)))
        if self.config.search:
            site = self.site
            output = Path(config.site_dir) / INDEX_DIR
            self.indexer = SearchIndexer(self.language)
            words = SearchWords(self.directory.settings, self.directory.messages) if self.directory else None
            self.indexer.start(site.current, site.labels, site.descriptions, output, words)
        self.search_done = threading.Event()
        if not self.config.search:
            self.search_done.set()
        if self.config.print and self.serving:
            # A save shows in the browser without waiting for the editions: the last ones made are
            # served, and new ones are made in the background when the records changed.
            root = self.directory.settings.root
            if self.background is None or self.background.root != root:
                self.background = BackgroundEditions(root, self.messages)
            for site_path, source in self.background.last().items():  # read now: a print may replace them
                with contextlib.suppress(OSError):
                    files.append(File.generated(config, site_path, content=source.read_bytes()))
            self.background.ask(edition_key(self.directory), self.directory.today, Path(config.site_dir))
        elif self.config.print:
            # The editions are typeset while MkDocs renders the pages. A large directory's wait for
            # the search index: Typst and Pagefind each take hundreds of MB at 10,000 activities,
            # and at the same time they would take the build over 1 GB.
            large = len(self.site.current) > PART_ENTRIES
            self.printer = PrintJob()
            self.printer.start(self.directory, Path(config.site_dir), wait_for=self.search_done if large else None)
        return files

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self.theme_template = env.get_template("main.html")
        self.frame, self.frame_tried = None, False
        return env

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if isinstance(page, HtmlPage) and page.framed:
            self.context = context  # for on_post_page, which draws the page
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if isinstance(page, HtmlPage) and page.framed:
            output = self._framed(page)
        if self.problems:
            output = output.replace(_CONTENT_START, _CONTENT_START + self.problems, 1)
        # Material's templates indent deeply; activity pages are many, so keep them small.
        if _is_activity(page.file.src_uri):
            return _INDENT.sub("\n", output)
        return output

    def _framed(self, page: HtmlPage) -> str:
        """The page as the theme's template draws it, from the frame when the page fits it."""
        context, self.context = self.context, None
        assert context is not None and self.theme_template is not None, "set by on_page_context and on_env"
        if not self.frame_tried:
            self.frame_tried = True
            self.frame = Frame.derive(self.theme_template, context)
        if self.frame is not None and self.frame.fits(page, context):
            return self.frame.fill(page)
        return self.theme_template.render(context)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            self.indexer.finish()
        except SearchIndexError as exc:
            self.printer.cancel()
            raise PluginError(self.messages("site.search_failed", detail=str(exc))) from None
        finally:
            self.search_done.set()
        try:
            self.printer.finish()
        except PrintError as exc:
            reason = self.messages(exc.code, **exc.params)
            raise PluginError(self.messages("site.print_failed", reason=reason)) from None

    def on_build_error(self, *, error: Exception) -> None:
        self.indexer.cancel()
        self.printer.cancel()
        self.search_done.set()
        with contextlib.suppress(PrintError, OSError):  # the half-made site goes; wait until nothing writes into it
            self.printer.finish()


#: Where a page's content begins in Material's page.
_CONTENT_START = '<article class="md-content__inner md-typeset">'


def _problems_banner(problems: list[Problem], messages: Messages) -> str:
    template = jinja2.Environment(loader=jinja2.PackageLoader("vejviser", "templates"), autoescape=True)
    lines = render_text(problems, messages).splitlines()
    return template.get_template("serve/problems.html").render(
        title=messages("site.serve_problems_title", count=len(problems)),
        intro=messages("site.serve_problems_intro"),
        lines=lines,
    )


def _is_activity(path: str) -> bool:
    return path.startswith(f"{urls.ACTIVITIES}/")
