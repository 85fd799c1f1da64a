"""Commands that need no case: train and evaluate the matcher on synthetic generators, and
run the demo. Registered on the command group by `nocontact.cli`."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import click

from nocontact import console


@click.command("train")
@console.synthetic_options(
    "Synthetic training cases per generator.",
    "Held-out synthetic test cases per generator, for the model card's metrics.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Model file to write [default: the model shipped with nocontact].",
)
def train_(cases: int | None, test_cases: int | None, seed: int, output: Path | None) -> None:
    """Train the matcher on two synthetic generators; writes the model and its MODEL_CARD.md."""
    from nocontact.match import training

    cases, test_cases = console.synthetic_defaults(cases, test_cases)
    target = output or console.model_file()
    click.echo(
        training.train(
            cases=cases,
            seed=seed,
            output=target,
            test_cases=test_cases,
            floors=training.evidence_floors(),
        ).summary()
    )


@click.command("evaluate")
@click.option("--avatars", is_flag=True, help="Also measure avatar matching after edits.")
@console.synthetic_options(
    "Synthetic training cases per generator (per-generator and names-only models).",
    "Held-out synthetic test cases per generator.",
)
def evaluate_(avatars: bool, cases: int | None, test_cases: int | None, seed: int) -> None:
    """Measure the trained matcher on both synthetic generators, in and across them."""
    from nocontact.match import training

    cases, test_cases = console.synthetic_defaults(cases, test_cases)
    lines = training.run_evaluation(
        cases=cases,
        seed=seed,
        test_cases=test_cases,
        avatars=avatars,
        floors=training.evidence_floors(),
    )
    click.echo("\n".join(lines))


@click.command("demo")
@click.option(
    "--dir",
    "target",
    type=click.Path(file_okay=False, path_type=Path),
    help="Build the demo case here and keep it (by default a temporary folder, removed after).",
)
def demo_(target: Path | None) -> None:
    """Build the synthetic demo case, import, match, print hits and write the report."""
    from nocontact import demo

    if target is not None:
        report = _demo(demo, target)
        click.echo(f"the demo case is kept in {target}; open its report: {report}")
        return
    with tempfile.TemporaryDirectory(prefix="nocontact-demo-") as folder:
        _demo(demo, Path(folder))
    click.echo(
        "the demo ran in a temporary folder, now removed; to keep it and open its report, "
        "run `nocontact demo --dir nocontact-demo`"
    )


def _demo(demo: Any, target: Path) -> Path:
    from nocontact.evidence import report
    from nocontact.intake import archives
    from nocontact.match import scoring
    from nocontact.store import hits

    case, downloads = demo.build(target)
    case.contain_caches()  # the demo case, not the folder the command was run from
    click.echo("demo case (synthetic people only)")
    for archive in downloads:
        result = archives.import_archive(case, archive, progress=console.progress())
        console.progress().close()
        click.echo(result.summary())
        console.echo_unseen(result.unseen())
    click.echo(scoring.run_match(case, progress=console.progress()).summary())
    with case.store(create=False) as store, store.reading() as conn:
        found = hits.list_hits(conn)
    click.echo(hits.to_table(found, timezone=case.config().order.timezone))
    return report.write(case, case.root / "report.html")


COMMANDS = (train_, evaluate_, demo_)
