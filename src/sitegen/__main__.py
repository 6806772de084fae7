"""Command line: python -m sitegen validate | generate OUTDIR | schema OUTDIR."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from sitegen import collector
from sitegen.dataset import Dataset, load
from sitegen.errors import DataError

log = logging.getLogger("mkdocs.plugins.sitegen")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit status."""
    collector.exit_without_collecting()  # what it made is the operating system's to free
    parser = argparse.ArgumentParser(prog="python -m sitegen", description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("data"), help="the data folder")
    # --data is also accepted after the command (`validate --data DIR`); SUPPRESS keeps the
    # sub-command from overwriting a value given before it.
    data_opt = argparse.ArgumentParser(add_help=False)
    data_opt.add_argument("--data", type=Path, default=argparse.SUPPRESS, help="the data folder")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", parents=[data_opt],
                   help="check every data file and report all problems")
    gen = sub.add_parser("generate", parents=[data_opt],
                         help="write every generated page as Markdown")
    gen.add_argument("outdir", type=Path)
    schema = sub.add_parser("schema", help="write the JSON Schema of every data file")
    schema.add_argument("outdir", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    if args.command == "schema":  # needs no data: it helps to fix data that does not load
        from sitegen.schema import write_schemas

        for path in write_schemas(args.outdir):
            log.info("wrote %s", path)
        return 0
    try:
        data = load(args.data)
    except DataError as exc:
        log.error("%s", exc)
        return 1
    if args.command == "validate":
        log.info("data is valid: %d records in %s", data.record_count, args.data)
        return 0
    return _generate(data, args.data, args.outdir)


def _generate(data: Dataset, data_dir: Path, outdir: Path) -> int:
    """Write every generated file, as MkDocs would be handed it, under outdir."""
    from sitegen import site
    from sitegen.charts.specs import site_from_config
    from sitegen.cite_config import read_mkdocs_yaml
    from sitegen.errors import CitationConfigError

    config = data_dir.resolve().parent / "mkdocs.yml"
    if not config.is_file():
        log.error("%s: not found; generate reads the site's name, address and citation "
                  "settings from the mkdocs.yml beside the data folder (add one there)", config)
        return 1
    try:
        info = read_mkdocs_yaml(config)
    except CitationConfigError as exc:
        log.error("%s", exc)
        return 1
    written = site.read_written(config.parent / info.docs_dir)
    count = site.write(site.assemble(data, info, site_from_config(config), written), outdir)
    log.info("wrote %d generated pages and their files to %s", count, outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
