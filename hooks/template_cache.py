"""MkDocs hook: the theme's templates are compiled once, not again for every build.

MkDocs makes a new Jinja environment for every build, so Material's templates (base.html and
some forty partials) were compiled again each time: a fixed cost in every warm build and every
`make serve` rebuild. Jinja's own bytecode cache keeps the compiled code in .cache/jinja/; a
template is compiled again when its source (checked by hash), Jinja or Python changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import FileSystemBytecodeCache

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the theme's environment a bytecode cache before any page template is loaded."""
    folder = Path(config.config_file_path).parent / ".cache" / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env
