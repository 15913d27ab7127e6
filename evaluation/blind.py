"""Blind sets: conversations written by people who never saw the training data.

Each round file in `evaluation/blind/` was written by a helper session that read
only the council's letter and the facts sheet. Its cases are conversations of
one or more turns, each with what a correct reply must do (see
`evaluation/blind/README.md`). This module plays every case through the real
stack (gateway -> Rasa -> actions, the same HTTP API the widget uses) and
judges each reply as a user would see it:

- `emergency: true`: the reply's first line (after the one-off session notice)
  holds 999; `emergency: false`: it does not;
- `mention`: every group has at least one of its phrases in the reply text;
- `not_mention`: none of the phrases is in the reply text;
- `out_of_scope: true`: the reply is the honest "I can only help with ..." answer.

A button is "clicked" by posting its payload, as the widget does; when no
offered button has that label, the label is typed instead, as a person would.

    python -m evaluation.blind                      # every round, against a fresh stack
    python -m evaluation.blind evaluation/blind/X   # one round
    python -m evaluation.blind FILE --record        # store this run as the round's first sight
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
BLIND_DIR = ROOT / "evaluation" / "blind"
CATEGORIES = ("emergency", "near_miss", "walkthrough", "faq", "out_of_scope")
TARGETS = {"emergency": 0.98, "walkthrough": 0.90, "faq": 0.95, "out_of_scope": 0.90}
FALSE_EMERGENCY_TARGET = 0.03


def _texts(response: str) -> set[str]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return {variant["text"].strip() for variant in domain["responses"][response] if variant.get("text")}


@dataclass
class Judge:
    """What counts as the session notice and as an honest out-of-scope answer."""

    notice: set[str] = field(default_factory=lambda: _texts("utter_session_notice"))
    out_of_scope: set[str] = field(default_factory=lambda: _texts("utter_out_of_scope"))

    def answer(self, messages: list[dict]) -> list[dict]:
        """The messages that answer the turn: the one-off session notice is not an answer."""
        return [m for m in messages if (m.get("text") or "").strip() not in self.notice]

    @staticmethod
    def is_emergency(answer: list[dict]) -> bool:
        first = (answer[0].get("text") or "") if answer else ""
        return "999" in first.strip().splitlines()[0] if first.strip() else False

    def problems(self, expect: dict, messages: list[dict]) -> list[str]:
        answer = self.answer(messages)
        text = "\n".join(m.get("text") or "" for m in answer)
        low = text.lower()
        found = []
        if "emergency" in expect and self.is_emergency(answer) != bool(expect["emergency"]):
            found.append("no emergency route (999 first)" if expect["emergency"] else "emergency route given")
        for group in expect.get("mention") or []:
            group = [group] if isinstance(group, str) else group
            if not any(str(p).lower() in low for p in group):
                found.append(f"does not mention any of {group}")
        for phrase in expect.get("not_mention") or []:
            if str(phrase).lower() in low:
                found.append(f"mentions {phrase!r}")
        if expect.get("out_of_scope") and not any((m.get("text") or "").strip() in self.out_of_scope for m in answer):
            found.append("not the out-of-scope answer")
        return found


@dataclass
class TurnResult:
    said: str
    reply: list[dict]
    problems: list[str]
    judged: bool
    expect: dict


@dataclass
class CaseResult:
    case: dict
    turns: list[TurnResult]

    @property
    def passed(self) -> bool:
        return not any(t.problems for t in self.turns)


def _message_for(turn: dict, last_buttons: list[dict]) -> tuple[str, str]:
    """(what to post, what the person did): a click posts the button's payload."""
    if "click" in turn:
        label = str(turn["click"]).strip().lower()
        for button in last_buttons:
            title = (button.get("title") or "").strip().lower()
            if title == label or title.startswith(label):
                return button["payload"], f"[clicks {button['title']}]"
        return str(turn["click"]), f"[no button {turn['click']!r}: types it] {turn['click']}"
    return str(turn["say"]), str(turn["say"])


def play(client: httpx.Client, base: str, token: str, case: dict, judge: Judge) -> CaseResult:
    audience = case.get("audience", "parent")
    headers = {"authorization": f"Bearer {token}"} if audience == "staff" else {}
    session = f"blind-{uuid.uuid4().hex[:20]}"
    buttons: list[dict] = []
    results = []
    for turn in case["turns"]:
        message, said = _message_for(turn, buttons)
        response = client.post(f"{base}/api/chat/{audience}", json={"session_id": session, "message": message}, headers=headers)
        if response.status_code != 200:
            results.append(TurnResult(said, [], [f"HTTP {response.status_code}: {response.text[:200]}"], True, turn.get("expect") or {}))
            break
        messages = response.json()["messages"]
        buttons = [b for m in messages for b in (m.get("buttons") or [])]
        expect = turn.get("expect") or {}
        results.append(TurnResult(said, messages, judge.problems(expect, messages) if expect else [], bool(expect), expect))
    return CaseResult(case, results)


def score(results: list[CaseResult]) -> dict:
    """Pass rates by category (and audience), emergency recall by turn, false emergencies."""
    by: dict[str, list[bool]] = defaultdict(list)
    calm = alarms = urgent = caught = 0
    for result in results:
        category, audience = result.case["category"], result.case.get("audience", "parent")
        by[category].append(result.passed)
        by[f"{category}/{audience}"].append(result.passed)
        for turn in result.turns:
            if turn.expect.get("emergency") is False:
                calm += 1
                alarms += "emergency route given" in turn.problems
            elif turn.expect.get("emergency") is True:
                urgent += 1
                caught += "no emergency route (999 first)" not in turn.problems
    figures = {key: {"passed": sum(v), "n": len(v), "rate": round(sum(v) / len(v), 4)} for key, v in sorted(by.items())}
    figures["emergency_turn_recall"] = {"passed": caught, "n": urgent, "rate": round(caught / max(urgent, 1), 4)}
    figures["false_emergencies"] = {"passed": alarms, "n": calm, "rate": round(alarms / max(calm, 1), 4)}
    figures["all"] = {"passed": sum(r.passed for r in results), "n": len(results),
                      "rate": round(sum(r.passed for r in results) / max(len(results), 1), 4)}
    return figures


def print_table(title: str, figures: dict, first_sight: dict | None = None) -> None:
    print(f"\n== {title}")
    header = f"   {'category':<26} {'now':>14}"
    print(header + (f"  {'first sight':>14}" if first_sight else ""))
    for key, value in figures.items():
        target = TARGETS.get(key.split("/")[0]) if "/" not in key else None
        if key == "false_emergencies":
            target = FALSE_EMERGENCY_TARGET
        line = f"   {key:<26} {value['rate']:>6.1%} {value['passed']:>3}/{value['n']:<3}"
        if first_sight and key in first_sight:
            old = first_sight[key]
            line += f"  {old['rate']:>6.1%} {old['passed']:>3}/{old['n']:<3}"
        if target is not None:
            line += f"   (target {'<=' if key == 'false_emergencies' else '>='} {target:.0%})"
        print(line)


def print_failures(results: list[CaseResult], limit: int = 400) -> None:
    shown = 0
    for result in results:
        if result.passed or shown >= limit:
            continue
        shown += 1
        case = result.case
        print(f"\n   FAIL {case['id']} ({case['category']}, {case.get('audience', 'parent')}): {case.get('note', '')}")
        for turn in result.turns:
            first = next(iter(Judge().answer(turn.reply)), {}).get("text", "") if turn.reply else ""
            mark = "x" if turn.problems else ("ok" if turn.judged else "  ")
            print(f"     {mark:>2} > {turn.said[:150]}")
            print(f"          < {first[:150].replace(chr(10), ' ')}")
            for problem in turn.problems:
                print(f"          ! {problem}")


def round_files() -> list[Path]:
    return sorted(BLIND_DIR.glob("*.yml"))


def fixed_round_files() -> list[Path]:
    """The rounds whose causes have been fixed (a round just measured says
    `causes_fixed: false`): the regression tests hold these to their floors."""
    return [p for p in round_files() if yaml.safe_load(p.read_text(encoding="utf-8")).get("causes_fixed", True)]


def run_rounds(paths: list[Path], base: str, token: str, judge: Judge | None = None) -> dict[Path, list[CaseResult]]:
    judge = judge or Judge()
    out = {}
    with httpx.Client(timeout=60) as client:
        for path in paths:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            out[path] = [play(client, base, token, case, judge) for case in data["cases"]]
    return out


def record_first_sight(path: Path, figures: dict) -> None:
    """Store the first-sight figures in the round file (once; never overwritten)."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if data.get("first_sight"):
        raise SystemExit(f"{path.name} already has its first-sight score; it is never re-recorded")
    block = yaml.safe_dump({"first_sight": {"measured": time.strftime("%Y-%m-%d"), "figures": figures}}, sort_keys=False)
    path.write_text(block + text, encoding="utf-8")


def start_stack():
    from tests.integration.stack import Stack

    workdir = Path(tempfile.mkdtemp(prefix="prevent-blind-"))
    print(f"Starting the stack for the blind sets (logs in {workdir}) ...", flush=True)
    stack = Stack(workdir=workdir).start()
    token = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-m", "bot.staff_token", "Blind Teacher"],
        cwd=ROOT, env=stack.env(), capture_output=True, text=True, check=True,
    ).stdout.strip().splitlines()[-1]
    return stack, token


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Play the blind sets through the real stack and judge every reply.")
    parser.add_argument("files", nargs="*", type=Path, help="round files (default: every file in evaluation/blind/)")
    parser.add_argument("--record", action="store_true", help="store this run as the round's first-sight score")
    parser.add_argument("--failures", action="store_true", help="print every failed case, turn by turn")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in (args.files or round_files())]
    if not paths:
        print("No blind rounds in evaluation/blind/.", file=sys.stderr)
        return 1
    if not (ROOT / "var" / "models" / "prevent.tar.gz").exists():
        print("No trained model: run `make train` first.", file=sys.stderr)
        return 1
    stack, token = start_stack()
    try:
        started = time.perf_counter()
        results = run_rounds(paths, stack.base, token)
        print(f"   played {sum(len(r) for r in results.values())} cases in {time.perf_counter() - started:.0f}s")
    finally:
        stack.stop_all()
    every = {}
    for path, cases in results.items():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        figures = score(cases)
        every[path.name] = figures
        first = (data.get("first_sight") or {}).get("figures")
        written = data.get("written", "?")
        print_table(f"Blind round {data.get('round', '?')} ({path.name}, written {written}): now, beside its first-sight score", figures, first)
        if args.failures:
            print_failures(cases)
        if args.record:
            record_first_sight(path, figures)
            print(f"   first-sight score recorded in {path.relative_to(ROOT)}")
    if args.json:
        import json

        args.json.write_text(json.dumps(every, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
