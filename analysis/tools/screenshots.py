"""Screenshots of the Network, Actor profile and Timeline pages at 1600 and 400 px, light and dark, into docs/.

    .venv/bin/python -m analysis.tools.screenshots [--out docs]

Serves the dashboard on a fresh database holding a generated corpus (the demo corpus is made on first visit)
and opens each page in headless Chromium with the system colour scheme set to light or dark, which the
dashboard's theme follows.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from analysis.store import Store
from analysis.tools.bench_dashboard import store_synthetic
from analysis.tools.harness import ROOT, launch_chromium, serve_dashboard, wait_chart, wait_settled

PAGES = (("network", "/network?corpus={corpus}&top=40"), ("actor", "/actors?corpus={corpus}&actor=Sergei+Lavrov"),
         ("timeline", "/timeline?corpus={corpus}"))
WIDTHS = (1600, 400)
SCHEMES = ("light", "dark")
TIMEOUT_MS = 180_000


def main(argv: list[str] | None = None) -> list[Path]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    from playwright import sync_api

    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "wsw.sqlite3"
        corpus = store_synthetic(Store(db), "Synthetic newsroom", 60, seed=5)
        with serve_dashboard(db, log=Path(tmp) / "streamlit.log") as url, sync_api.sync_playwright() as pw, \
                launch_chromium(pw) as browser:
            for scheme in SCHEMES:
                for width in WIDTHS:
                    page = browser.new_page(viewport={"width": width, "height": 1400}, color_scheme=scheme)
                    page.set_default_timeout(TIMEOUT_MS)
                    for name, path in PAGES:
                        page.goto(url + path.format(corpus=corpus))
                        wait_settled(page, TIMEOUT_MS)
                        wait_chart(page, TIMEOUT_MS)
                        page.wait_for_timeout(800)
                        target = args.out / f"{name}-{width}-{scheme}.png"
                        page.screenshot(path=target, full_page=True)
                        written.append(target)
                        print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target, flush=True)
                    page.close()
    return written


if __name__ == "__main__":
    main()
