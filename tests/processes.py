"""Running the project in a process of its own, as it starts outside the tests."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# The test settings set these in this process; the subprocesses must start without them.
SETTINGS_VARIABLES = {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "SECURE_SSL_REDIRECT", "SITE_URL"}


def clean_environment():
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "roadmap_site.settings.base"
    return env


def run_manage(*arguments, **environment):
    return run_interpreter(["manage.py", *arguments], environment)


def run_python(code, **environment):
    """``code`` run as a program of its own, with the settings module set."""
    return run_interpreter(["-c", code], environment)


def run_interpreter(arguments, environment):
    """A new interpreter in the project's directory, given ``environment`` on top of a clean one."""
    env = clean_environment()
    env.update(environment)
    return subprocess.run(
        [sys.executable, *arguments], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60
    )
