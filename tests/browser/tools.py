"""Where the browser tests' tools live, and how they start the system Chromium."""

import shutil
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_PATH = Path("/usr/bin/chromium")
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR_PATH = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Playwright cannot download its own browser here, so it drives Debian's; these flags keep that one from
# reaching out to update, sync or fetch anything, and let it run as root in a container.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS)


def missing_tools(*, chromium=False, axe=False, vnu=False):
    """What is not installed of the tools asked for, each with the step that installs it."""
    missing = []
    if chromium and not CHROMIUM_PATH.exists():
        missing.append(f"Chromium at {CHROMIUM_PATH} (apt-get install chromium)")
    if axe and not AXE_PATH.exists():
        missing.append(f"axe-core at {AXE_PATH.relative_to(REPO_ROOT)} (npm ci)")
    if vnu and not VNU_JAR_PATH.exists():
        missing.append(f"vnu-jar at {VNU_JAR_PATH.relative_to(REPO_ROOT)} (npm ci)")
    if vnu and shutil.which("java") is None:
        missing.append("java on the PATH (apt-get install default-jre-headless)")
    return missing
