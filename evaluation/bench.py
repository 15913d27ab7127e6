"""`make bench`: latency and throughput of the full stack under concurrent load.

Starts the real three services (SQLite tracker store) on free ports, then:
- simulated users hold 8-turn conversations (a realistic mix: about 70% parents
  asking FAQ questions, 30% staff who also walk the concern process) at 1, 20
  and 50 concurrent users; prints throughput, p50/p95/p99 and errors;
- the same with people's pace: each user reads the answer and types the next
  message (2-8 s) before sending it; prints latency as a parent would feel it;
- measures raw `/model/parse` throughput of the same model at the same
  concurrency, and prints full turns / raw parses: how close the assistant is
  to the limit set by the NLU model itself. The raw parses are held-out FAQ
  questions (the headline ratio); the same is printed against the
  conversations' own messages (greetings and walk-through steps included),
  which parse faster;
- prints the CPU time each service used per full turn (20 users) and per raw
  parse, which shows where a turn costs more than a parse;
- prints the Rasa server's peak memory and the gateway's redaction cost.
All traffic goes to 127.0.0.1 only, and every loop is bounded.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from evaluation.datasets import ROOT, held_out_examples
from tests.integration.stack import Stack

TURNS = 8
STAFF_SHARE = 0.3
THINK = (2.0, 8.0)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def conversation(rng: random.Random, questions: list[str], staff: bool) -> list[str]:
    if staff and rng.random() < 0.5:
        return ["hello", "I have a concern about a pupil", "/deny", "what next", "what next", rng.choice(questions), "what next", "thanks"]
    return ["hello"] + [rng.choice(questions) for _ in range(TURNS - 2)] + ["thank you"]


async def run_users(
    stack: Stack, token: str, users: int, conversations: int, questions: list[str], seed: int,
    think: tuple[float, float] | None = None,
) -> dict:
    """`think`: seconds a person spends reading the answer and typing the next
    message (uniform in the range); None sends the next message at once."""
    rng = random.Random(seed)
    plans = [(rng.random() < STAFF_SHARE, conversation(rng, questions, False)) for _ in range(conversations)]
    plans = [(staff, conversation(rng, questions, staff)) for staff, _ in plans]
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue = asyncio.Queue()
    for plan in plans:
        queue.put_nowait(plan)

    async def user(client: httpx.AsyncClient, n: int) -> None:
        nonlocal errors
        while not queue.empty():
            staff, messages = queue.get_nowait()
            session = f"bench{seed}u{n}{rng.randrange(10**9)}"
            route = "staff" if staff else "parent"
            headers = {"authorization": f"Bearer {token}"} if staff else {}
            for i, message in enumerate(messages):
                if think:  # people arrive spread out, then read and type between turns
                    await asyncio.sleep(rng.uniform(0, think[1] * 2) if i == 0 else rng.uniform(*think))
                started = time.perf_counter()
                try:
                    reply = await client.post(f"{stack.base}/api/chat/{route}", json={"session_id": session, "message": message}, headers=headers)
                    ok = reply.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                errors += not ok

    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=users)) as client:
        await asyncio.gather(*(user(client, n) for n in range(users)))
    elapsed = time.perf_counter() - started
    return {"turns": len(latencies), "errors": errors, "elapsed": elapsed, "latencies": latencies}


def conversation_messages(questions: list[str], count: int) -> list[str]:
    """`count` messages drawn from the simulated conversations (greetings, the
    staff walk-through and questions in the bench's proportions)."""
    rng = random.Random(11)
    pool = [m for _ in range(200) for m in conversation(rng, questions, rng.random() < STAFF_SHARE)]
    return [rng.choice(pool) for _ in range(count)]


async def raw_parse(stack: Stack, users: int, count: int, questions: list[str], texts: list[str] | None = None) -> dict:
    rng = random.Random(7)
    texts = texts or [rng.choice(questions) for _ in range(count)]
    queue: asyncio.Queue = asyncio.Queue()
    for t in texts:
        queue.put_nowait(t)
    latencies: list[float] = []

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            text = queue.get_nowait()
            started = time.perf_counter()
            await client.post(f"{stack.rasa_url}/model/parse", json={"text": text})
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=users)) as client:
        await asyncio.gather(*(worker(client) for _ in range(users)))
    return {"elapsed": time.perf_counter() - started, "latencies": latencies}


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _process_tree(pid: int) -> list[int]:
    """The process and its descendants (uvicorn's workers, for example)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time used so far by a process and its descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for member in _process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def main_thread_cpu_seconds(pid: int) -> float:
    """User plus system CPU time used so far by a process's main thread alone."""
    try:
        fields = Path(f"/proc/{pid}/task/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main_thread_schedule(pid: int) -> tuple[float, float]:
    """Seconds a process's main thread has spent running on a core, and ready to
    run but waiting for one (Linux schedstat)."""
    try:
        running, waiting = Path(f"/proc/{pid}/task/{pid}/schedstat").read_text().split()[:2]
    except (OSError, ValueError):
        return 0.0, 0.0
    return int(running) / 1e9, int(waiting) / 1e9


def schedule_line(before: tuple[float, float], after: tuple[float, float], wall: float, items: int, item: str) -> str:
    """How much of the wall time a thread ran and waited for a core, and its running time per item."""
    running, waiting = after[0] - before[0], after[1] - before[1]
    return (
        f"running {100 * running / wall:.0f}% of the time, waiting for a core {100 * waiting / wall:.0f}%, "
        f"{1000 * running / max(items, 1):.1f} ms running per {item}"
    )


def cpu_snapshot(stack: Stack) -> dict[str, float]:
    snapshot = {name: cpu_seconds(proc.pid) for name, proc in stack.procs.items()}
    if "rasa" in stack.procs:
        # Rasa parses and runs turns one at a time on this thread: the limit on
        # one process's throughput (OpenBLAS's helper threads are on top of it).
        snapshot["rasa-main"] = main_thread_cpu_seconds(stack.procs["rasa"].pid)
    return snapshot


def cpu_per_item(before: dict[str, float], after: dict[str, float], items: int) -> str:
    names = {"rasa": "Rasa", "gateway": "gateway", "actions": "action server", "rasa-main": "of which Rasa's event-loop thread"}
    return ", ".join(f"{names.get(n, n)} {(after[n] - before[n]) * 1000 / max(items, 1):.1f}" for n in before)


def report(name: str, result: dict) -> float:
    ms = [x * 1000 for x in result["latencies"]]
    throughput = result["turns"] / result["elapsed"]
    print(
        f"   {name:<10} {result['turns']:>5} turns  {throughput:6.1f} turns/s  "
        f"p50 {percentile(ms, 50):6.0f} ms  p95 {percentile(ms, 95):6.0f} ms  p99 {percentile(ms, 99):6.0f} ms  errors {result['errors']}",
        flush=True,
    )
    return throughput


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer conversations (a smoke run)")
    args = parser.parse_args()
    scale = 0.25 if args.quick else 1.0
    questions = [t for t, _ in held_out_examples()]
    workdir = Path(tempfile.mkdtemp(prefix="prevent-bench-"))
    print(f"Starting the stack (SQLite tracker store in {workdir}) ...", flush=True)
    stack = Stack(workdir=workdir).start()
    try:
        token = subprocess.run(
            [str(ROOT / ".venv/bin/python"), "-m", "bot.staff_token", "Bench Teacher"],
            cwd=ROOT, env=stack.env(), capture_output=True, text=True, check=True,
        ).stdout.strip().splitlines()[-1]
        asyncio.run(run_users(stack, token, 2, 2, questions, seed=0))  # warm-up
        raw_before = asyncio.run(raw_parse(stack, 20, int(480 * scale), questions))
        print(f"\n== Full turns through the gateway ({TURNS}-turn conversations, {int(STAFF_SHARE * 100)}% staff), each message sent as soon as the last reply arrives (saturation)")
        results = {}
        for users, conversations in ((1, 5), (20, 60), (50, 120)):
            n = max(users, int(conversations * scale))
            cpu_before, schedule_before = cpu_snapshot(stack), main_thread_schedule(stack.procs["rasa"].pid)
            result = asyncio.run(run_users(stack, token, users, n, questions, seed=users))
            results[users] = report(f"{users} users", result)
            if users == 20:
                cpu_turns = (cpu_before, cpu_snapshot(stack), result["turns"])
                schedule_turns = (schedule_before, main_thread_schedule(stack.procs["rasa"].pid), result["elapsed"], result["turns"])
        print(f"\n== The same at people's pace: {THINK[0]:.0f}-{THINK[1]:.0f} s to read and type between turns")
        for users in (20, 50):
            report(f"{users} users", asyncio.run(run_users(stack, token, users, users, questions, seed=100 + users, think=THINK)))
        print("\n== Raw NLU: POST /model/parse on the Rasa server, 20 concurrent (FAQ questions before and after the runs above)")
        raws = [raw_before]
        cpu_start = cpu_snapshot(stack)
        raws.append(asyncio.run(raw_parse(stack, 20, int(480 * scale), questions)))
        cpu_raw = (cpu_start, cpu_snapshot(stack), len(raws[-1]["latencies"]))
        schedule_before = main_thread_schedule(stack.procs["rasa"].pid)
        mix = asyncio.run(raw_parse(stack, 20, int(480 * scale), questions, conversation_messages(questions, int(480 * scale))))
        schedule_mix = (schedule_before, main_thread_schedule(stack.procs["rasa"].pid), mix["elapsed"], len(mix["latencies"]))
        throughputs = []
        for label, raw in zip(("before", "after"), raws):
            throughput = len(raw["latencies"]) / raw["elapsed"]
            throughputs.append(throughput)
            ms = [x * 1000 for x in raw["latencies"]]
            print(f"   raw parse ({label:<6}) {throughput:6.1f} parses/s  p50 {percentile(ms, 50):.0f} ms  p95 {percentile(ms, 95):.0f} ms")
        # The machine's speed drifts between runs: compare with the faster raw figure.
        mix_throughput = len(mix["latencies"]) / mix["elapsed"]
        ms = [x * 1000 for x in mix["latencies"]]
        print(f"   raw parse (the conversations' messages) {mix_throughput:6.1f} parses/s  p50 {percentile(ms, 50):.0f} ms  p95 {percentile(ms, 95):.0f} ms")
        print(f"   full turns / raw parses at 20 users: {results[20] / max(throughputs):.2f} (against the faster FAQ-question run)")
        print(f"   full turns / raw parses of the same messages: {results[20] / mix_throughput:.2f}")
        print("\n== CPU time (user + system, from /proc; the machine has 2 cores)")
        print(f"   per full turn at 20 users, ms: {cpu_per_item(*cpu_turns)}")
        print(f"   per raw parse (FAQ questions, after), ms: {cpu_per_item(*cpu_raw)}")
        print("\n== Rasa's event-loop thread (every parse and turn runs on it, one at a time)")
        print(f"   full turns at 20 users: {schedule_line(*schedule_turns, 'turn')}")
        print(f"   raw parses of the same messages: {schedule_line(*schedule_mix, 'parse')}")
        print(f"\n== Rasa server peak memory (VmHWM): {peak_memory_mb(stack.procs['rasa'].pid):.0f} MB")
    finally:
        stack.stop_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
