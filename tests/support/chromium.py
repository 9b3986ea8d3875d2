"""How the browser tests and the web benchmark start Debian's headless Chromium.

One place for the flags: as root Chromium needs --no-sandbox, and without the background-networking
flags it keeps trying to reach Google's hosts, which this machine's closed network refuses.
"""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
