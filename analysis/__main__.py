"""Command line: `python -m analysis extract PATH...`, `report` / `network` of its output, `evaluate GOLD
--corpus DIR`, `gold` (a corpus's corrections as gold files), `bench`.

extract prints one JSON object per article (JSON Lines) on stdout and one line per file it could not read
or analyse on stderr; the exit status is 1 when any file failed, 0 otherwise. It streams: files are read and
analysed a batch at a time, in worker processes (analysis/workers.py: a time limit per article, a memory
limit per worker, a crash costs only its article), in this process with `--in-process`, or
(`--engine dask --scheduler ADDRESS`) on the workers of a Dask cluster.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from .errors import Problem
from .linking import actor_id, link_actors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Who-says-what in news articles.")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="analyse articles and print JSON Lines")
    ex.add_argument("paths", nargs="+", help="article files or folders (searched recursively)")
    ex.add_argument("--cues", help="extra cue lexicon (TSV: cue, stance[, object]) added to the default one")
    ex.add_argument("--text", action="store_true", help="include the article text in each record")
    ex.add_argument("--processes", type=_processes, default=1,
                    help="analysis worker processes, or 'auto' for every core this process may use (same output, "
                         "in input order); each article has a time limit "
                         "(WSW_ARTICLE_SECONDS) and each worker a memory limit (WSW_WORKER_MEMORY_MB)")
    ex.add_argument("--in-process", action="store_true",
                    help="analyse in this process, without workers or limits (one bad text can end the run)")
    ex.add_argument("--follow-links", action="store_true", help="follow links that point out of a given folder")
    ex.add_argument("--engine", choices=("local", "dask"), default="local",
                    help="where to analyse: this machine, or the workers of a Dask scheduler (same output)")
    ex.add_argument("--scheduler", metavar="ADDRESS", help="the Dask scheduler, e.g. tcp://10.0.0.5:8786")
    ex.add_argument("--link", action="store_true",
                    help="link actors across the articles given: corpus-level names, and an id on every actor "
                         "(output starts once all articles are analysed)")

    ev = sub.add_parser("evaluate", help="score the engine against gold annotations")
    ev.add_argument("gold", help="a gold JSON file or a folder of them")
    ev.add_argument(
        "--corpus", action="append", required=True, help="folder holding the articles the gold files name (repeatable)"
    )
    ev.add_argument("--verbose", action="store_true", help="list missed and spurious statements")
    ev.add_argument("--json", action="store_true", help="print the summary as JSON")
    ev.add_argument("--by", choices=["kind"], help="also break recall down by kind: quotation or reported, speaker "
                                                   "named/pronoun/descriptive, headline or body, cue in the lexicon")

    go = sub.add_parser("gold", help="write gold files from a corpus's corrections in the dashboard's database")
    go.add_argument("--database", required=True, help="the database: a SQLite file or a postgresql:// URL")
    go.add_argument("--corpus-name", required=True, help="the corpus whose corrected articles become gold")
    go.add_argument("--owner", help="the corpus's owner, when several corpora have that name")
    go.add_argument("-o", "--output", required=True, help="the folder to write gold files and article texts to")

    for name, what in (("report", "a self-contained HTML report (counts, who-says-what table, charts, evidence)"),
                       ("network", "the speaker → target network as GEXF or GraphML, for Gephi")):
        out = sub.add_parser(name, help=f"{what} of extract's JSON Lines")
        out.add_argument("records", nargs="+", help="JSON Lines files written by extract ('-' reads stdin)")
        out.add_argument("-o", "--output", required=True, help="the file to write")
        if name == "network":
            out.add_argument("--format", choices=("gexf", "graphml"), default="gexf", help="the graph file format")
        for flt in ("speaker", "stance", "target", "outlet"):
            out.add_argument(f"--{flt}", action="append", default=[], help=f"keep only this {flt} (repeatable)")
        out.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="keep articles dated from this day")
        out.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="keep articles dated up to this day")

    be = sub.add_parser("bench", help="time full analysis against bare spaCy parsing")
    be.add_argument("--articles", type=int, default=500, help="how many articles to generate")
    be.add_argument("--repeat", type=int, default=1, help="rounds of each timing; the best one is reported")
    be.add_argument("--processes", type=int, default=1, help="also time the analysis over this many processes")
    be.add_argument("--stream", action="store_true",
                    help="analyse generated articles once as a stream, in one process, and report peak memory")

    args = parser.parse_args(argv)
    if args.command == "extract" and (args.engine == "dask") != bool(args.scheduler):
        parser.error("--engine dask and --scheduler ADDRESS go together")
    if args.command == "extract" and args.in_process and (args.processes != 1 or args.engine == "dask"):
        parser.error("--in-process analyses in one local process; it goes with neither --processes nor --engine")
    if args.command == "extract" and args.engine == "dask" and args.processes != 1:
        parser.error("--processes is for the local engine; a Dask cluster has its own workers")
    try:
        if args.command == "extract":
            return _extract(args)
        if args.command == "evaluate":
            return _evaluate(args)
        if args.command == "gold":
            return _gold(args)
        if args.command in ("report", "network"):
            return _view_file(args)
        from .tools.bench import run_bench, run_stream_bench

        if args.stream:
            return run_stream_bench(args.articles)
        return run_bench(args.articles, repeat=args.repeat, processes=args.processes)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # the last guard: one clear line, never a traceback
        detail = " ".join(str(e).split())[:200]
        print(f"error: an unexpected failure{f' ({detail})' if detail else ''}", file=sys.stderr)
        return 2


def _processes(value: str) -> int:
    from .workers import processes_arg

    try:
        return processes_arg(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _extract(args) -> int:
    from .engine.lexicon import LexiconError, load_lexicon
    from .engine.pipeline import analyze_many
    from .ingest import Limits, iter_paths
    from .ingest.readers import safe_name

    try:
        lexicon = load_lexicon(extra=args.cues)
    except LexiconError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        print(f"{safe_name(str(p))}: no such file or folder", file=sys.stderr)
    failed = bool(missing)

    def articles():
        # files are read one at a time as the engine asks for more, so memory stays flat in their number;
        # the per-upload file cap protects the dashboard, and a stream needs no such cap
        nonlocal failed
        given = [p for p in args.paths if Path(p).exists()]
        for item in iter_paths(given, Limits(max_files=sys.maxsize), follow_links=args.follow_links):
            if isinstance(item, Problem):
                print(str(item), file=sys.stderr)
                failed |= item.severity == "error"
            else:
                yield item

    if args.engine == "dask":
        from .engine.distributed import ClusterError, analyze_on_cluster

        try:
            list(_write(analyze_on_cluster(articles(), scheduler=args.scheduler, lexicon=lexicon), text=args.text,
                        link=args.link))
        except ClusterError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
    elif args.in_process:
        list(_write(analyze_many(articles(), lexicon=lexicon), text=args.text, link=args.link))
    else:
        from .workers import WorkerLimits, analyze_isolated

        try:
            limits = WorkerLimits.from_settings()
        except ValueError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        for item in _write(analyze_isolated(articles(), processes=max(1, args.processes), lexicon=lexicon,
                                            limits=limits), text=args.text, link=args.link):
            print(str(item), file=sys.stderr)
            failed = True
    return 1 if failed else 0


def _linked(analyses: list) -> list:
    """The analyses under corpus-level actor names; names left ambiguous are listed on stderr."""
    linking = link_actors(analyses)
    for a in linking.ambiguous:
        print(f"not linked: {a.name!r} could be {' or '.join(map(repr, a.candidates))} "
              f"({len(a.articles)} article{'s' if len(a.articles) != 1 else ''})", file=sys.stderr)
    return [linking.apply(i, x) for i, x in enumerate(analyses)]


def _write(analyses, *, text: bool, link: bool = False) -> Iterator[Problem]:
    """One JSON line per analysis, written as each comes; with `link`, once all are in, under corpus-level names.

    The Problems among the analyses (articles a worker gave up on) are handed back, not written."""
    if link:
        kept = []
        for analysis in analyses:
            if isinstance(analysis, Problem):
                yield analysis
            else:
                kept.append(analysis)
        analyses = _linked(kept)
    for analysis in analyses:
        if isinstance(analysis, Problem):
            sys.stdout.flush()
            yield analysis
            continue
        rec = analysis.to_dict()
        if link:
            for actor in rec["actors"]:
                actor["id"] = actor_id(actor["name"])
        if text:
            rec["text"] = analysis.article.text
        sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _records(paths: list[str]) -> tuple[list[dict], bool]:
    """The JSON objects of extract's output files; a line that is not one is reported (file and line)."""
    records, failed = [], False
    for path in paths:
        try:
            lines = sys.stdin.readlines() if path == "-" else Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            print(f"{path}: cannot be read ({e.strerror if isinstance(e, OSError) else 'not UTF-8 text'})",
                  file=sys.stderr)
            failed = True
            continue
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                rec = None
            if not isinstance(rec, dict):
                print(f"{path}, line {n}: not a record of extract (a JSON object per line); skipped", file=sys.stderr)
                failed = True
                continue
            records.append(rec)
    return records, failed


def _view_file(args) -> int:
    """`report` and `network`: the filtered view of extract's records, written as one file."""
    from datetime import datetime

    from . import tables
    from .report import ReportView, frames_from_records, html_report

    records, failed = _records(args.records)
    params = {k: v for k, v in {"speaker": args.speaker, "stance": args.stance, "target": args.target,
                                "outlet": args.outlet, "from": [args.date_from or ""],
                                "to": [args.date_to or ""]}.items() if any(v)}
    filters = tables.filters_from_params(params)
    frames = frames_from_records(records)
    statements = tables.apply_filters(frames.statements, filters)
    if args.command == "network":
        from .graphs import graph_bytes, network_graph

        data = graph_bytes(network_graph(statements, frames.actors), args.format)
    else:
        name = ", ".join(Path(p).name for p in args.records)
        data = html_report(ReportView(name, frames, filters, statements), generated=datetime.now()).encode("utf-8")
    try:
        Path(args.output).write_bytes(data)
    except OSError as e:
        print(f"{args.output}: cannot be written ({e.strerror})", file=sys.stderr)
        return 2
    print(f"{args.output}: {tables.plural(len(statements), 'statement')} of "
          f"{tables.plural(len(records), 'article')}", file=sys.stderr)
    return 1 if failed else 0


def _evaluate(args) -> int:
    from .engine.pipeline import analyze_many
    from .tools.evaluate import evaluate, load_gold
    from .types import Article

    golds = load_gold(args.gold)
    texts = {}
    for folder in args.corpus:
        for f in sorted(Path(folder).rglob("*.txt")):
            texts.setdefault(f.stem, f)
    wanted = [Path(g["article"]).stem for g in golds]
    missing = [s for s in wanted if s not in texts]
    for s in missing:
        print(f"{s}: article not found under {', '.join(args.corpus)}", file=sys.stderr)
    articles = [Article(text=texts[s].read_text(encoding="utf-8"), source=str(texts[s])) for s in wanted if s in texts]
    outputs = {Path(a.article.source).stem: a.to_dict() for a in analyze_many(articles)}
    total, per = evaluate(golds, outputs)
    for stem, sc in per.items():
        print(f"{stem:32s} found {sc.tp}/{sc.required}  precision {sc.precision:.2f}  recall {sc.recall:.2f}")
        if args.verbose:
            for g in sc.missed:
                print(f"   MISSED  {g['speaker']!s:28s} {g['cue']:14s} {g['content'][:70]}")
            for s in sc.spurious:
                print(f"   EXTRA   {s.get('speaker')!s:28s} {s.get('cue')!s:14s} {str(s.get('content'))[:70]}")
            for m in sc.missed_places:
                print(f"   PLACE   {m}")
    print(
        f"places found {total.places_found}/{total.places_total}, "
        f"right country {total.country_ok}/{total.country_total}"
    )
    print(
        f"who-says-what F1 {total.f1:.3f} (P {total.precision:.3f} R {total.recall:.3f}); "
        f"stance accuracy {total.stance_accuracy:.3f}; target accuracy {total.target_accuracy:.3f}"
    )
    if args.by == "kind":
        from .engine.nlp import headline
        from .tools.evaluate import format_breakdown, lexicon_cue_test, recall_by_kind

        headlines = {Path(a.source).stem: headline(a.text) for a in articles}
        table = recall_by_kind(golds, per, headlines, lexicon_cue_test())
        print("\n".join(format_breakdown(table)))
    if args.json:
        summary = total.summary()
        if args.by == "kind":
            summary["recall_by_kind"] = {k: {v: list(c) for v, c in vals.items()} for k, vals in table.items()}
        print(json.dumps(summary))
    return 1 if missing else 0


def _gold(args) -> int:
    from .store import Store
    from .tools.corpus_gold import write_gold

    store = Store(args.database)
    found = [c for c in store.corpora() if c.name == args.corpus_name and args.owner in (None, c.owner)]
    if len(found) != 1:
        owners = ", ".join(sorted(c.owner for c in found))
        print(f"error: {'no corpus' if not found else 'several corpora'} named {args.corpus_name!r}"
              f"{f' (owners: {owners}; choose one with --owner)' if found else ''}", file=sys.stderr)
        return 1
    written = write_gold(store, found[0].id, args.output)
    print(f"{len(written)} corrected article{'s' if len(written) != 1 else ''} written to {args.output}; score the "
          f"engine on them with: python -m analysis evaluate {args.output} --corpus {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
