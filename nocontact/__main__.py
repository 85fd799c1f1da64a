from nocontact.cli import cli

cli()
