"""The console start holds the cyclic garbage collector back during the imports (``hjemmel.collector``)."""

from __future__ import annotations

import gc
import subprocess
import sys

from hjemmel import collector

CHECK = """
import gc
from hjemmel import collector
collector.hold()
assert not gc.isenabled()
collector.imported()
assert gc.isenabled() and gc.get_freeze_count() > 0
frozen = gc.get_freeze_count()
collector.imported()  # once only
assert gc.isenabled() and gc.get_freeze_count() == frozen
"""


def test_the_collector_is_on_again_once_the_command_is_imported() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_in_process_use_keeps_the_callers_collector() -> None:
    was, frozen = gc.isenabled(), gc.get_freeze_count()
    collector.imported()
    assert gc.isenabled() == was and gc.get_freeze_count() == frozen


SETTING_UP = """
import gc
from hjemmel import collector
with collector.setting_up():  # before the console start: nothing happens
    assert gc.isenabled()
collector.hold()
collector.imported()
frozen = gc.get_freeze_count()
with collector.setting_up():
    kept = [[] for _ in range(1000)]
    assert not gc.isenabled()
    with collector.setting_up():  # inside another block: the outer one freezes
        assert not gc.isenabled()
    assert not gc.isenabled()
assert gc.isenabled() and gc.get_freeze_count() >= frozen + 1000
"""


def test_what_a_command_sets_up_is_frozen_like_the_imports() -> None:
    done = subprocess.run([sys.executable, "-c", SETTING_UP], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_in_process_setting_up_keeps_the_callers_collector() -> None:
    was, frozen = gc.isenabled(), gc.get_freeze_count()
    with collector.setting_up():
        assert gc.isenabled() == was
    assert gc.isenabled() == was and gc.get_freeze_count() == frozen
