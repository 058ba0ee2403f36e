"""`python -m bot.review`: the review inbox for staff who prefer the terminal.

Commands: list, export, preview, stats, purge, add-user, hash-password, and
publish, rollback, models (bot.review.publish.commands).
Every command reads the same environment as the web UI (bot.review.settings).
Only redacted questions exist in the database, so nothing printed is raw
personal data.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from datetime import date, timedelta
from typing import Callable, List, Optional, Sequence, TextIO

from bot.review.auth.logins import valid_username
from bot.review.auth.passwords import PasswordError, check_password_strength, hash_password
from bot.review.clock import TOKYO, utc_now
from bot.review.models import STATUSES, QuestionFilter, StatsFilter
from bot.review.publish import commands as publish_commands
from bot.review.settings import ReviewSettings, load_review_settings
from bot.review.storage.store import ReviewStore

logger = logging.getLogger(__name__)


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table (columns padded to the widest cell; CJK counts double)."""

    def width(text: str) -> int:
        return sum(2 if ord(char) > 0x2E80 else 1 for char in text)

    cells = [[str(value) for value in header]] + [
        [" ".join(str("" if v is None else v).split()) for v in row] for row in rows
    ]
    widths = [max(width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for index, row in enumerate(cells):
        padded = [cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row)]
        lines.append("  ".join(padded).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-27") from error


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="python -m bot.review",
        description="Staff review inbox: questions the bot routed to the DX office.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    listing = commands.add_parser("list", help="list captured questions, newest first")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--language", help="answer language code (ja, easy_ja, en, ...)")
    listing.add_argument("--channel", help="input channel (rest, socketio, line, ...)")
    listing.add_argument("--from", dest="date_from", type=_day, help="first day (Asia/Tokyo)")
    listing.add_argument("--to", dest="date_to", type=_day, help="last day (Asia/Tokyo)")
    listing.add_argument("--search", help="text the question contains")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--clusters", action="store_true", help="group similar questions")

    commands.add_parser("export", help="write assigned questions to the training data")
    commands.add_parser("preview", help="show what export and the next `make train` add")

    stats = commands.add_parser("stats", help="messages, answered vs routed, top topics")
    stats.add_argument("--days", type=int, default=30, help="the last N days (default 30)")
    stats.add_argument("--csv", action="store_true", help="print CSV (per day) instead")

    purge = commands.add_parser("purge", help="delete data older than the retention period")
    purge.add_argument("--days", type=int, help="keep N days (default REVIEW_RETENTION_DAYS)")
    purge.add_argument("--dry-run", action="store_true", help="only count what would go")

    add_user = commands.add_parser("add-user", help="create a staff login (or reset it)")
    add_user.add_argument("name")
    add_user.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin",
    )

    hashing = commands.add_parser("hash-password", help="print a hash for STAFF_PASSWORD_HASH")
    hashing.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin",
    )
    publish_commands.add_commands(commands)
    return parser


def _read_password(from_stdin: bool, stdin: TextIO) -> str:
    if from_stdin:
        password = stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password (12 characters or more): ")
        if getpass.getpass("Same password again: ") != password:
            raise PasswordError("The passwords differ.")
    check_password_strength(password)
    return password


def _list(store: ReviewStore, args: argparse.Namespace, out: TextIO) -> int:
    flt = QuestionFilter(
        status=args.status,
        language=args.language,
        channel=args.channel,
        date_from=args.date_from,
        date_to=args.date_to,
        search=args.search,
    )
    if args.clusters:
        clusters = store.clusters(flt)[: args.limit]
        rows = [
            (
                c.id,
                c.count,
                ",".join(c.languages),
                c.latest_at.astimezone(TOKYO).strftime("%Y-%m-%d %H:%M"),
                c.top_candidates[0].intent if c.top_candidates else "",
                c.representative.text[:60],
            )
            for c in clusters
        ]
        print(table(("group", "count", "lang", "latest", "guess", "question"), rows), file=out)
        return 0
    questions, total = store.list_questions(flt, limit=args.limit)
    rows = [
        (
            q.id,
            q.created_at.astimezone(TOKYO).strftime("%Y-%m-%d %H:%M"),
            q.language,
            q.channel,
            q.reason,
            q.status,
            q.topic or "",
            q.text[:60],
        )
        for q in questions
    ]
    print(
        table(("id", "time", "lang", "channel", "reason", "status", "topic", "question"), rows),
        file=out,
    )
    print(f"{len(questions)} of {total} question(s)", file=out)
    return 0


def _export(store: ReviewStore, settings: ReviewSettings, out: TextIO) -> int:
    from bot.review.export import export_reviewed

    result = export_reviewed(store, settings)
    for path in result.files:
        print(f"wrote {path}", file=out)
    for text, why in result.skipped_texts:
        print(f"skipped: {text[:60]} ({why})", file=out)
    print(
        f"{result.added} added, {result.skipped} skipped. Run `make train` to learn them.", file=out
    )
    return 0


def _preview(store: ReviewStore, settings: ReviewSettings, out: TextIO) -> int:
    from bot.review.export import preview_export

    preview = preview_export(store, settings)
    print("Export would add:", file=out)
    print(table(("file", "intent", "example"), preview.new_examples), file=out)
    if preview.skipped:
        print("\nExport would skip:", file=out)
        print(table(("question", "why"), preview.skipped), file=out)
    print("\nExported but not yet trained (the next `make train` adds):", file=out)
    print(table(("file", "intent", "example"), preview.pending_training), file=out)
    return 0


def _stats(store: ReviewStore, args: argparse.Namespace, out: TextIO) -> int:
    from bot.review.stats.csv_files import stats_csv

    today = utc_now().astimezone(TOKYO).date()
    stats = store.stats(StatsFilter(today - timedelta(days=max(1, args.days) - 1), today))
    if args.csv:
        out.write(stats_csv(stats))
        return 0
    print(
        f"{stats.days[0].day} .. {stats.days[-1].day}: {stats.total_messages} message(s), "
        f"{stats.answered} answered, {stats.routed} routed "
        f"({stats.answered_rate:.0%} answered)",
        file=out,
    )
    print(
        table(("day", "answered", "routed"), [(d.day, d.answered, d.routed) for d in stats.days]),
        file=out,
    )
    print("\nTop topics:", file=out)
    print(table(("intent", "messages"), stats.top_topics), file=out)
    print("\nTop unanswered:", file=out)
    print(
        table(
            ("count", "question"),
            [(c.count, c.representative.text[:60]) for c in stats.top_unanswered],
        ),
        file=out,
    )
    print("\nBy language:", file=out)
    print(table(("language", "answered", "routed"), stats.by_language), file=out)
    print("\nBy channel:", file=out)
    print(table(("channel", "answered", "routed"), stats.by_channel), file=out)
    return 0


def _purge(
    store: ReviewStore, settings: ReviewSettings, args: argparse.Namespace, out: TextIO
) -> int:
    from bot.review.storage.retention import purge

    report = purge(store, settings, days=args.days, dry_run=args.dry_run)
    verb = "would delete" if report.dry_run else "deleted"
    print(
        f"Older than {report.cutoff.astimezone(TOKYO):%Y-%m-%d %H:%M} (Asia/Tokyo), {verb}:",
        file=out,
    )
    print(
        table(
            ("data", "rows"),
            [
                ("captured questions", report.questions),
                ("audit rows", report.audit_rows),
                ("message counters", report.message_counts),
                ("expired sessions", report.sessions),
                ("login failures", report.login_failures),
                ("tracker events", report.tracker_events),
            ],
        ),
        file=out,
    )
    if report.tracker_note:
        print(f"tracker store: {report.tracker_note}", file=out)
    return 0


def main(
    argv: Optional[List[str]] = None,
    *,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    open_store: Callable[[ReviewSettings], ReviewStore] = ReviewStore.open,
) -> int:
    """Runs one command; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "hash-password":
            print(hash_password(_read_password(args.password_stdin, stdin)), file=out)
            return 0
        settings = load_review_settings()
        if args.command == "add-user":
            if not valid_username(args.name):
                print("Usernames may use letters, digits and . _ @ - (at most 64).", file=err)
                return 2
            password = _read_password(args.password_stdin, stdin)
        store = open_store(settings)
    except (PasswordError, ValueError) as error:
        print(f"error: {error}", file=err)
        return 2
    try:
        if args.command == "add-user":
            created = store.add_user(args.name, hash_password(password))
            # A reset also lifts the login delay of that account.
            store.clear_login_failures(f"user:{args.name.casefold()}")
            print(
                f"{'Created' if created else 'Updated the password of'} staff user {args.name}.",
                file=out,
            )
            return 0
        if args.command == "list":
            return _list(store, args, out)
        if args.command == "export":
            return _export(store, settings, out)
        if args.command == "preview":
            return _preview(store, settings, out)
        if args.command == "stats":
            return _stats(store, args, out)
        if args.command in publish_commands.COMMANDS:
            return publish_commands.run_command(args, store, settings, out, err)
        return _purge(store, settings, args, out)
    except ValueError as error:
        print(f"error: {error}", file=err)
        return 2
    finally:
        store.close()
