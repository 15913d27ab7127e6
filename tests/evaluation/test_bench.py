"""`make bench` counts the CPU a service uses, its worker processes included."""
import subprocess
import sys
import time

from evaluation.bench import cpu_per_item, cpu_seconds, main_thread_cpu_seconds, main_thread_schedule, schedule_line

BURN_THEN_WAIT = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass\ntime.sleep(30)"


def test_cpu_time_of_a_service_includes_its_worker_processes():
    # a parent that only waits, with a worker that burns 0.4 s of CPU (like uvicorn --workers)
    parent = subprocess.Popen(
        [sys.executable, "-c", f"import subprocess, sys, time\nsubprocess.Popen([sys.executable, '-c', {BURN_THEN_WAIT!r}])\ntime.sleep(30)"]
    )
    try:
        deadline = time.monotonic() + 20
        while cpu_seconds(parent.pid) < 0.4 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert cpu_seconds(parent.pid) >= 0.4
    finally:
        subprocess.run(["pkill", "-P", str(parent.pid)], check=False)
        parent.kill()
        parent.wait()


def test_a_process_that_does_not_exist_has_used_nothing():
    assert cpu_seconds(2**22 + 12345) == 0.0


def test_cpu_per_item_is_milliseconds_per_turn_for_each_service():
    before = {"rasa": 10.0, "gateway": 2.0}
    after = {"rasa": 16.0, "gateway": 3.2}
    assert cpu_per_item(before, after, 100) == "Rasa 60.0, gateway 12.0"


def test_the_main_threads_cpu_time_leaves_out_the_other_threads():
    # the main thread waits while a second thread burns 0.4 s of CPU
    burner = subprocess.Popen([sys.executable, "-c", (
        "import threading, time\n"
        "def burn():\n    end = time.thread_time() + 0.4\n    while time.thread_time() < end: pass\n"
        "threading.Thread(target=burn, daemon=True).start()\ntime.sleep(30)"
    )])
    try:
        deadline = time.monotonic() + 20
        while cpu_seconds(burner.pid) < 0.4 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert cpu_seconds(burner.pid) >= 0.4
        assert main_thread_cpu_seconds(burner.pid) < 0.2
    finally:
        burner.kill()
        burner.wait()


def test_the_rasa_event_loop_thread_is_named_in_the_cpu_line():
    before = {"rasa": 1.0, "rasa-main": 0.5}
    after = {"rasa": 7.0, "rasa-main": 3.5}
    assert cpu_per_item(before, after, 100) == "Rasa 60.0, of which Rasa's event-loop thread 30.0"


def test_the_main_threads_schedule_counts_the_time_it_ran():
    burner = subprocess.Popen([sys.executable, "-c", BURN_THEN_WAIT])
    try:
        deadline = time.monotonic() + 20
        while main_thread_schedule(burner.pid)[0] < 0.4 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert main_thread_schedule(burner.pid)[0] >= 0.4
    finally:
        burner.kill()
        burner.wait()


def test_a_thread_that_does_not_exist_has_no_schedule():
    assert main_thread_schedule(2**22 + 12345) == (0.0, 0.0)


def test_the_schedule_line_gives_shares_of_the_wall_time_and_time_per_item():
    line = schedule_line((1.0, 0.5), (8.5, 2.0), 10.0, 300, "turn")
    assert line == "running 75% of the time, waiting for a core 15%, 25.0 ms running per turn"
