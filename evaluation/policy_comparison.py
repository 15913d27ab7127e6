"""`make bench-policies`: rules plus memoization alone, against Rasa's default policies.

The issue asked for the policy set to be chosen by measurement. This trains a
second model from config.yml with the policies in
evaluation/policies_with_ted.yml added (TED and UnexpecTED; the NLU pipeline is
the same, and its trained parts come from the training cache), then for each
model:
- runs the test stories (tests/stories), so that the speed is not bought with
  wrong turns;
- starts the full stack (SQLite) and times 1 user and 20 users sending back to
  back, as `make bench` does, with the Rasa server's peak memory.
The models take turns, twice, because this machine's speed drifts from one
minute to the next. About 10 minutes.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from evaluation.bench import peak_memory_mb, percentile, run_users
from evaluation.datasets import ROOT, held_out_examples
from tests.integration.stack import MODEL, RASA_VENV, Stack

VARIANT_DIR = ROOT / "var" / "compare"
VARIANT_MODEL = ROOT / "var" / "models" / "compare-ted.tar.gz"
TRAINING_DATA = ["data/nlu", "data/rules", "data/stories"]


def variant_config() -> dict:
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    added = yaml.safe_load((ROOT / "evaluation" / "policies_with_ted.yml").read_text())["added_policies"]
    ours = {p["name"] for p in config["policies"]}
    clash = ours & {p["name"] for p in added}
    if clash:
        raise SystemExit(f"error: config.yml already has {', '.join(sorted(clash))}; nothing to compare against")
    config["policies"] = config["policies"] + added
    return config


def training_inputs() -> list[Path]:
    files = [ROOT / "config.yml", ROOT / "domain.yml", ROOT / "evaluation" / "policies_with_ted.yml"]
    for folder in TRAINING_DATA:
        files += sorted((ROOT / folder).glob("*.yml"))
    return files + sorted((ROOT / "assistant").glob("*.py"))


def rasa_env() -> dict:
    env = dict(os.environ)
    env.update(PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1", RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    env.setdefault("RASA_CACHE_DIRECTORY", str(ROOT / "var" / "cache"))
    return env


def train_variant() -> None:
    newest_input = max(p.stat().st_mtime for p in training_inputs())
    if VARIANT_MODEL.exists() and VARIANT_MODEL.stat().st_mtime > newest_input:
        print(f"Comparison model is up to date: {VARIANT_MODEL.relative_to(ROOT)}", flush=True)
        return
    VARIANT_DIR.mkdir(parents=True, exist_ok=True)
    config_path = VARIANT_DIR / "config.yml"
    config_path.write_text(yaml.safe_dump(variant_config(), sort_keys=False))
    print("Training the comparison model (our config plus TED and UnexpecTED; NLU from the cache), a few minutes ...", flush=True)
    started = time.monotonic()
    log = VARIANT_DIR / "train.log"
    with log.open("w") as out:
        done = subprocess.run(
            [str(RASA_VENV / "rasa"), "train", "--skip-validation", "--data", *TRAINING_DATA, "--config", str(config_path),
             "--domain", "domain.yml", "--out", str(VARIANT_MODEL.parent), "--fixed-model-name", VARIANT_MODEL.name.removesuffix(".tar.gz")],
            cwd=ROOT, env=rasa_env(), stdout=out, stderr=subprocess.STDOUT,
        )
    if done.returncode != 0:
        raise SystemExit(f"error: training the comparison model failed; see {log}")
    print(f"   trained in {time.monotonic() - started:.0f} s", flush=True)


def test_stories(model: Path) -> str:
    out = Path(tempfile.mkdtemp(prefix="stories-"))
    done = subprocess.run(
        [str(RASA_VENV / "rasa"), "test", "core", "--stories", "tests/stories", "--model", str(model), "--out", str(out)],
        cwd=ROOT, env=rasa_env(), capture_output=True, text=True,
    )
    found = re.findall(r"Correct:\s+(\d+) / (\d+)", done.stdout + done.stderr)
    if done.returncode != 0 or not found:
        raise SystemExit(f"error: `rasa test core` failed for {model}:\n{(done.stdout + done.stderr)[-2000:]}")
    correct, total = found[-1]
    return f"{correct}/{total}"


def load(model: Path, questions: list[str], scale: float) -> dict:
    stack = Stack(workdir=Path(tempfile.mkdtemp(prefix="prevent-policies-")), model=model).start()
    try:
        token = subprocess.run(
            [str(ROOT / ".venv/bin/python"), "-m", "bot.staff_token", "Bench Teacher"],
            cwd=ROOT, env=stack.env(), capture_output=True, text=True, check=True,
        ).stdout.strip().splitlines()[-1]
        asyncio.run(run_users(stack, token, 2, 2, questions, seed=0))  # warm-up
        one = asyncio.run(run_users(stack, token, 1, max(1, int(6 * scale)), questions, seed=1))
        twenty = asyncio.run(run_users(stack, token, 20, max(20, int(60 * scale)), questions, seed=20))
        return {
            "1u p95": percentile([x * 1000 for x in one["latencies"]], 95),
            "20u turns/s": twenty["turns"] / twenty["elapsed"],
            "20u p95": percentile([x * 1000 for x in twenty["latencies"]], 95),
            "errors": one["errors"] + twenty["errors"],
            "peak MB": peak_memory_mb(stack.procs["rasa"].pid),
        }
    finally:
        stack.stop_all()


def span(values: list[float], fmt: str) -> str:
    low, high = min(values), max(values)
    return format(low, fmt) if f"{low:{fmt}}" == f"{high:{fmt}}" else f"{low:{fmt}}–{high:{fmt}}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="times each model is timed, taking turns (default 2)")
    parser.add_argument("--quick", action="store_true", help="fewer conversations (a smoke run)")
    args = parser.parse_args()
    if not MODEL.exists():
        print(f"error: {MODEL.relative_to(ROOT)} is missing; run `make train` first", file=sys.stderr)
        return 2
    train_variant()
    models = {"rules + memoization (ours)": MODEL, "+ TED + UnexpecTED": VARIANT_MODEL}
    print("\n== Test stories (tests/stories), actions predicted correctly", flush=True)
    stories = {}
    for name, model in models.items():
        stories[name] = test_stories(model)
        print(f"   {name:<28} {stories[name]}", flush=True)
    questions = [t for t, _ in held_out_examples()]
    scale = 0.34 if args.quick else 1.0
    runs: dict[str, list[dict]] = {name: [] for name in models}
    print(f"\n== Full stack (SQLite), back to back; the models take turns, {args.rounds} rounds", flush=True)
    for round_number in range(1, args.rounds + 1):
        for name, model in models.items():
            result = load(model, questions, scale)
            runs[name].append(result)
            print(
                f"   round {round_number}  {name:<28} 1 user p95 {result['1u p95']:4.0f} ms   20 users {result['20u turns/s']:5.1f} turns/s, "
                f"p95 {result['20u p95']:5.0f} ms   errors {result['errors']}   Rasa peak {result['peak MB']:.0f} MB",
                flush=True,
            )
    print("\n== Summary (ranges over the rounds)")
    print(f"   {'policies':<28} {'stories':>8} {'1 user p95':>12} {'20 users turns/s':>17} {'20 users p95':>14} {'Rasa peak':>10}")
    for name, results in runs.items():
        print(
            f"   {name:<28} {stories[name]:>8} {span([r['1u p95'] for r in results], '.0f') + ' ms':>12} "
            f"{span([r['20u turns/s'] for r in results], '.1f'):>17} {span([r['20u p95'] for r in results], '.0f') + ' ms':>14} "
            f"{span([r['peak MB'] for r in results], '.0f') + ' MB':>10}"
        )
    ours, theirs = (runs[name] for name in models)
    ratio = min(r["20u turns/s"] for r in ours) / max(r["20u turns/s"] for r in theirs), max(r["20u turns/s"] for r in ours) / min(r["20u turns/s"] for r in theirs)
    print(f"   rules + memoization alone: {ratio[0]:.2f}–{ratio[1]:.2f}x the turns per second at 20 users")
    return 0 if all(r["errors"] == 0 for rs in runs.values() for r in rs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
