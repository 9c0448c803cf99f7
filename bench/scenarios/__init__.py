"""One module per scenario, each exposing ``run(ctx: Context, **options) -> list[Row]``."""
